#pragma once

#include "store/sqlite/connection.hpp"

namespace dms::store::sqlite {

// The newest schema version this build knows; stored in PRAGMA user_version.
inline constexpr int kSchemaVersion = 9;

// Readies a fresh writer connection: WAL (readers never block on the writer), synchronous=FULL (a commit survives
// power loss), foreign keys (the log cascade), a 64 MiB page cache and in-memory temp storage (statement journals
// would otherwise go to a temp file, several page writes per inserted task), then migrate(). Throws StoreError
// when WAL is unavailable.
void prepare_database(Connection& writer);

// Brings the database up to `target` (kSchemaVersion; tests make older files with less), applying the missing
// migrations in one transaction. Throws StoreError when the file was written by a newer build (a higher version)
// so an old host never corrupts it.
void migrate(Connection& connection, int target = kSchemaVersion);

// The version recorded in the file.
int schema_version(Connection& connection);

}  // namespace dms::store::sqlite
