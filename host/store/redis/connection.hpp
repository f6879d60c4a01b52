#pragma once

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/redis/reply.hpp"
#include "store/redis/url.hpp"

struct redisContext;

namespace dms::store::redis {

// One command: its name and arguments, each sent as binary-safe bytes.
using Command = std::vector<std::string>;

// One blocking connection to a Redis server, logged in and on its database. Connecting and every command are
// bounded by timeouts, so no call hangs on a server that stopped answering. After an I/O error or a timeout the
// connection is broken for good (a reply may still be on its way) and every later call throws.
class Connection {
 public:
    // Connects, AUTHs when the URL has a password and SELECTs its database. Throws StoreError naming the server.
    Connection(const Url& url, std::chrono::milliseconds connect_timeout, std::chrono::milliseconds command_timeout);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Sends one command and returns its reply, which may be an error reply. Throws StoreError on I/O failure.
    Reply raw(const Command& command);
    Reply raw(std::initializer_list<std::string_view> command);
    // As raw, and an error reply throws StoreError with Redis's message.
    Reply call(const Command& command);
    Reply call(std::initializer_list<std::string_view> command);
    // Sends every command at once and reads their replies in order: one round trip. Error replies are returned
    // in place; I/O failure throws StoreError.
    std::vector<Reply> pipeline(const std::vector<Command>& commands);

    bool broken() const { return broken_; }
    // True when the server has closed this idle connection (it restarted, or dropped idle clients): checked
    // without a round trip before a pooled connection is reused.
    bool stale();
    const std::string& address() const { return address_; }

 private:
    void append(const std::vector<std::string_view>& words);
    Reply read_reply();
    [[noreturn]] void fail(const std::string& doing);

    std::unique_ptr<redisContext, void (*)(redisContext*)> context_;
    std::string address_;
    bool broken_ = false;
};

// Throws StoreError with Redis's message when `reply` is an error reply; returns it otherwise.
Reply checked(Reply reply, const std::string& address);

}  // namespace dms::store::redis
