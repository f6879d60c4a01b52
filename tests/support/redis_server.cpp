#include "support/redis_server.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include "store/redis/connection.hpp"
#include "store/store_error.hpp"
#include "support/host_process.hpp"

namespace dms::test {

namespace redis = store::redis;
using store::StoreError;
namespace {

constexpr const char* kRedisServer = "/usr/bin/redis-server";
// Logged once loading is over, at every start.
constexpr std::string_view kReadyLine = "Ready to accept connections";

// A port the kernel just handed out and nobody holds; redis-server binds it a moment later.
std::uint16_t free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("cannot find a free port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

redis::Url url_of(std::uint16_t port, const std::string& password) {
    redis::Url url;
    url.host = "127.0.0.1";
    url.port = port;
    url.password = password;
    return url;
}

}  // namespace

RedisServer::RedisServer() : RedisServer(Options{}) {}

RedisServer::RedisServer(Options options) : options_(std::move(options)) {
    if (::access(kRedisServer, X_OK) != 0) throw std::runtime_error(std::string(kRedisServer) + " is not installed");
    // Another process may take the port between free_port() and redis-server's bind: then try another.
    for (int attempt = 0;; ++attempt) {
        port_ = free_port();
        try {
            launch();
            return;
        } catch (const std::exception&) {
            stop();
            if (attempt == 4) throw;
        }
    }
}

RedisServer::~RedisServer() { stop(); }

int RedisServer::ready_lines() const {
    const std::string log = dms::test::read_file(dir_.path() / "redis.log");
    int count = 0;
    for (auto at = log.find(kReadyLine); at != std::string::npos; at = log.find(kReadyLine, at + 1)) ++count;
    return count;
}

void RedisServer::launch() {
    std::vector<std::string> args{kRedisServer,
                                  "--port",
                                  std::to_string(port_),
                                  "--bind",
                                  "127.0.0.1",
                                  "--save",
                                  "",
                                  "--appendonly",
                                  options_.append_only ? "yes" : "no",
                                  "--appendfsync",
                                  "always",
                                  "--dir",
                                  dir_.path().string(),
                                  "--logfile",
                                  (dir_.path() / "redis.log").string(),
                                  "--daemonize",
                                  "no"};
    if (!options_.password.empty()) args.insert(args.end(), {"--requirepass", options_.password});
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t parent = ::getpid();
    ++launches_;
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(1);  // the test died before prctl took effect
        ::execv(kRedisServer, argv.data());
        ::_exit(127);
    }
    wait_until_answering();
}

void RedisServer::wait_until_answering() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("redis-server exited at start: " +
                                     dms::test::read_file(dir_.path() / "redis.log"));
        }
        try {
            redis::Connection connection(url_of(port_, options_.password), std::chrono::milliseconds(200),
                                         std::chrono::milliseconds(500));
            // Ours, not another test's server that got the port first (ours then fails to bind and exits).
            bool ours = connection.call({"INFO", "server"}).text().find("process_id:" + std::to_string(pid_) + "\r") !=
                        std::string::npos;
            // While it loads its append-only file, Redis answers INFO but refuses PING and data commands; Redis 7
            // loads its AOF parts one by one, showing loading:0 between them, so its own log line decides.
            if (ours && ready_lines() >= launches_ &&
                connection.call({"INFO", "persistence"}).text().find("loading:0\r") != std::string::npos) {
                return;
            }
        } catch (const StoreError&) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("redis-server did not answer within 10 s");
}

void RedisServer::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGCONT);  // a paused server cannot act on SIGTERM
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
}

void RedisServer::start() {
    if (pid_ > 0) return;
    launch();
}

void RedisServer::pause() { ::kill(pid_, SIGSTOP); }

void RedisServer::resume() { ::kill(pid_, SIGCONT); }

std::string RedisServer::url(int db) const {
    std::string login = options_.password.empty() ? "" : ":" + options_.password + "@";
    return "redis://" + login + "127.0.0.1:" + std::to_string(port_) + "/" + std::to_string(db);
}

void RedisServer::flush_all() const {
    redis::Connection connection(url_of(port_, options_.password), std::chrono::seconds(2), std::chrono::seconds(5));
    connection.call({"FLUSHALL"});
}

}  // namespace dms::test
