#include "store/sqlite/connection.hpp"

#include <sqlite3.h>

#include <stdexcept>
#include <string>

#include "store/store_error.hpp"

namespace dms::store::sqlite {
namespace {

// How long a connection waits for another one's lock before giving up with SQLITE_BUSY.
constexpr int kBusyTimeoutMs = 10'000;

// By default SQLite counts every allocation behind one process-wide mutex, so readers on two threads wait on each
// other at every malloc. DMS never reads those counts. Only possible before SQLite initializes: done at first open.
void stop_memory_statistics() {
    static const int result = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)result;  // SQLITE_MISUSE when something else in the process already initialized SQLite: harmless
}

}  // namespace

Connection::Connection(const std::filesystem::path& file, Mode mode, FileLocking locking) : mode_(mode) {
    stop_memory_statistics();
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    flags |= mode == Mode::read_write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    // "unix-excl" is the Unix VFS that holds the file's lock for the whole process and keeps the WAL index in memory.
    const char* vfs = locking == FileLocking::exclusive ? "unix-excl" : nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &db_, flags, vfs);
    if (rc != SQLITE_OK) {
        std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StoreError("sqlite: cannot open " + file.string() + ": " + message);
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
    statements_.clear();  // every statement is finalized before the connection closes
    sqlite3_close_v2(db_);
}

void Connection::Finalizer::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

void Connection::exec(std::string_view sql) {
    std::string text(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error != nullptr ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw StoreError("sqlite: " + message + " [" + text + "]");
    }
}

Statement Connection::prepare(const std::string& sql) {
    auto found = statements_.find(sql);
    if (found == statements_.end()) {
        sqlite3_stmt* raw = nullptr;
        int rc =
            sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
        if (rc != SQLITE_OK) fail(rc, sql);
        found = statements_.emplace(sql, std::unique_ptr<sqlite3_stmt, Finalizer>(raw)).first;
    }
    // A statement still mid-iteration would be reset under its user; that is a bug in the caller.
    if (sqlite3_stmt_busy(found->second.get())) throw std::logic_error("sqlite statement already in use: " + sql);
    return Statement(found->second.get());
}

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

void Connection::fail(int code, std::string_view what) const {
    throw StoreError(std::string("sqlite: ") + sqlite3_errstr(code) + ": " + sqlite3_errmsg(db_) + " [" +
                     std::string(what) + "]");
}

}  // namespace dms::store::sqlite
