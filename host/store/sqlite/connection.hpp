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

// How a store's file is locked against other processes (DMS_SQLITE_LOCKING).
enum class FileLocking {
    // Only this process may open the file while it is open here. SQLite keeps the write-ahead log's index in this
    // process's memory instead of a shared file, so a read transaction takes no fcntl lock (a GET made 1.5 fcntl
    // calls). Every connection of the process to the file then shares that index.
    exclusive,
    // Other processes may open it as well (the sqlite3 shell, a backup tool): the index is the shared -shm file,
    // locked through fcntl at each transaction.
    shared,
};

// One open SQLite connection with its own cache of prepared statements. Not thread-safe: a connection belongs
// to one thread at a time (the store's writer mutex or the reader pool sees to that).
class Connection {
public:
    enum class Mode { read_write, read_only };

    Connection(const std::filesystem::path& file, Mode mode, FileLocking locking = FileLocking::shared);
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
