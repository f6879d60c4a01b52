#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "support/temp_dir.hpp"

namespace dms::test {

// A real redis-server (Debian's /usr/bin/redis-server) for tests: on a free loopback port, with its files in a temp
// folder, answering PING before the constructor returns, and stopped by the destructor. It dies with the test
// process even if that crashes (PR_SET_PDEATHSIG).
class RedisServer {
 public:
    struct Options {
        std::string password;      // requirepass; empty: none
        bool append_only = false;  // appendonly yes with a sync per write: what was written survives a restart
    };

    RedisServer();
    explicit RedisServer(Options options);
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    // SIGTERM, then waits for the exit (SIGKILL after a few seconds). The port stays this server's.
    void stop();
    // Starts again on the same port and folder, and waits for PING.
    void start();
    // SIGSTOP / SIGCONT: a server that still holds its connections but answers nothing.
    void pause();
    void resume();

    std::uint16_t port() const { return port_; }
    // redis://[:password@]127.0.0.1:<port>/<db>
    std::string url(int db = 0) const;
    // Runs FLUSHALL: every database empty, as for a fresh store.
    void flush_all() const;

 private:
    void launch();
    void wait_until_answering();
    int ready_lines() const;  // how often redis.log says the server is ready

    Options options_;
    dms::test::TempDir dir_;
    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
    int launches_ = 0;  // each start appends one "Ready to accept connections" to redis.log
};

}  // namespace dms::test
