#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dms::store::redis {

// Where a Redis server is and how to log in to it, from redis://[[user]:password@]host[:port][/db].
struct Url {
    std::string host;
    std::uint16_t port = 6379;
    std::string user;      // empty: the default user (AUTH with the password alone)
    std::string password;  // empty: no AUTH
    int db = 0;            // SELECTed on connect

    // host:port, for messages (never the password).
    std::string address() const;
};

// Parses a redis:// URL (percent-encoded user and password are decoded). Throws std::invalid_argument saying what
// is wrong, without repeating the password.
Url parse_url(std::string_view text);

}  // namespace dms::store::redis
