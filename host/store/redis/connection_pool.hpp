#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <type_traits>
#include <vector>

#include "store/redis/connection.hpp"
#include "store/redis/url.hpp"

namespace dms::store::redis {

struct PoolOptions {
    Url url;
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds command_timeout{5000};
    std::size_t max_idle = 16;  // connections kept open between calls; more are opened on bursts, then closed
};

// Connections to one server for many threads: each call borrows one and gives it back, unless it broke. A server
// that went away and came back is reached again by the next call, on a new connection.
class ConnectionPool {
 public:
    explicit ConnectionPool(PoolOptions options) : options_(std::move(options)) {}

    // Runs body(Connection&) on a pooled connection and returns what it returns.
    template <class Body>
    auto run(Body&& body) {
        std::unique_ptr<Connection> connection = take();
        try {
            if constexpr (std::is_void_v<decltype(body(*connection))>) {
                body(*connection);
                give_back(std::move(connection));
            } else {
                auto result = body(*connection);
                give_back(std::move(connection));
                return result;
            }
        } catch (...) {
            give_back(std::move(connection));
            throw;
        }
    }

    const PoolOptions& options() const { return options_; }

 private:
    std::unique_ptr<Connection> take();
    void give_back(std::unique_ptr<Connection> connection);

    PoolOptions options_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace dms::store::redis
