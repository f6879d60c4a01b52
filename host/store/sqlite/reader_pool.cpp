#include "store/sqlite/reader_pool.hpp"

#include <utility>

namespace dms::store::sqlite {

void ReaderPool::Return::operator()(Connection* connection) const { pool->give_back(connection); }

ReaderPool::ReaderPool(std::filesystem::path file, std::size_t max_idle, FileLocking locking)
    : file_(std::move(file)), max_idle_(max_idle), locking_(locking) {}

ReaderPool::Lease ReaderPool::acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            Connection* connection = idle_.back().release();
            idle_.pop_back();
            return Lease(connection, Return{this});
        }
    }
    // Opened outside the lock: opening touches the file system and must not hold up other readers.
    auto connection = std::make_unique<Connection>(file_, Connection::Mode::read_only, locking_);
    connection->exec("PRAGMA query_only = ON; PRAGMA temp_store = MEMORY;");
    return Lease(connection.release(), Return{this});
}

void ReaderPool::give_back(Connection* connection) {
    std::unique_ptr<Connection> owned(connection);
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(owned));
}

}  // namespace dms::store::sqlite
