#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "support/redis_server.hpp"
#include "store/redis_store.hpp"

namespace dms::store::test {

using dms::test::RedisServer;

// The password and database of the server every Redis test of this binary shares, so that each test also proves
// AUTH and SELECT.
inline constexpr const char* kSharedPassword = "contract-secret";
inline constexpr int kSharedDb = 3;

// The redis-server this test binary shares: started before the first test, stopped after the last.
RedisServer& shared_redis();

// Options for a RedisStore on `url`, with timeouts short enough for tests about a server that went away.
inline RedisStoreOptions store_options(const std::string& url,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    RedisStoreOptions options;
    options.write = redis::parse_url(url);
    options.connect_timeout = timeout;
    options.command_timeout = timeout;
    return options;
}

}  // namespace dms::store::test
