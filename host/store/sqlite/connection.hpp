#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sqlite/statement.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace dms::store::sqlite {

// One open SQLite connection with its own cache of prepared statements. Not thread-safe: a connection belongs
// to one thread at a time (the store's writer mutex or the reader pool sees to that).
class Connection {
public:
    enum class Mode { read_write, read_only };

    Connection(const std::filesystem::path& file, Mode mode);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one or more statements that take no parameters (schema, pragmas, BEGIN/COMMIT).
    void exec(std::string_view sql);

    // A use of the statement for `sql`, prepared once and reused afterwards.
    Statement prepare(const std::string& sql);

    // Rows changed by the last INSERT, UPDATE or DELETE.
    std::int64_t changes() const;

    // The rowid of the last row this connection inserted (a task's seq).
    std::int64_t last_insert_rowid() const;

    Mode mode() const { return mode_; }

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* statement) const;
    };

    [[noreturn]] void fail(int code, std::string_view what) const;

    sqlite3* db_ = nullptr;
    Mode mode_;
    std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalizer>> statements_;
};

}  // namespace dms::store::sqlite
