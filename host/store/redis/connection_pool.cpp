#include "store/redis/connection_pool.hpp"

namespace dms::store::redis {

std::unique_ptr<Connection> ConnectionPool::take() {
    {
        std::lock_guard lock(mutex_);
        while (!idle_.empty()) {
            std::unique_ptr<Connection> connection = std::move(idle_.back());
            idle_.pop_back();
            if (!connection->stale()) return connection;
        }
    }
    // Outside the lock: a connect may take up to its timeout, and other threads need not wait for it.
    return std::make_unique<Connection>(options_.url, options_.connect_timeout, options_.command_timeout);
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    if (connection->broken()) {
        // One broken connection usually means the server went away: the idle ones are as dead, so drop them too.
        idle_.clear();
        return;
    }
    if (idle_.size() < options_.max_idle) idle_.push_back(std::move(connection));
}

}  // namespace dms::store::redis
