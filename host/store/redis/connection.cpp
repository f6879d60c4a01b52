#include "store/redis/connection.hpp"

#include <hiredis.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>

#include "store/store_error.hpp"

namespace dms::store::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds duration) {
    auto millis = std::max<std::int64_t>(duration.count(), 1);
    return timeval{static_cast<time_t>(millis / 1000), static_cast<suseconds_t>((millis % 1000) * 1000)};
}

// Blocks SIGPIPE in this thread while hiredis writes to a socket the server may have closed: the write then fails
// with EPIPE, where the signal's default action would end the whole process. A SIGPIPE raised meanwhile is consumed.
class SigpipeBlock {
 public:
    SigpipeBlock() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        already_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
    }
    ~SigpipeBlock() {
        if (!already_pending_) {
            timespec no_wait{0, 0};
            while (sigtimedwait(&pipe_, nullptr, &no_wait) > 0) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
    sigset_t pipe_;
    sigset_t previous_;
    bool already_pending_ = false;
};

std::vector<std::string_view> words_of(const Command& command) { return {command.begin(), command.end()}; }

}  // namespace

Reply checked(Reply reply, const std::string& address) {
    if (reply.is_error()) throw StoreError("redis " + address + ": " + reply.str());
    return reply;
}

Connection::Connection(const Url& url, std::chrono::milliseconds connect_timeout,
                       std::chrono::milliseconds command_timeout)
    : context_(redisConnectWithTimeout(url.host.c_str(), url.port, to_timeval(connect_timeout)), redisFree),
      address_(url.address()) {
    if (!context_) throw StoreError("redis " + address_ + ": cannot allocate a connection");
    if (context_->err != 0) fail("connect");
    if (redisSetTimeout(context_.get(), to_timeval(command_timeout)) != REDIS_OK) fail("set the command timeout");
    redisEnableKeepAlive(context_.get());
    if (!url.password.empty()) {
        Reply reply = url.user.empty() ? raw({"AUTH", url.password}) : raw({"AUTH", url.user, url.password});
        // Redis's answer names the problem (WRONGPASS, no password set) without echoing the password.
        if (reply.is_error()) throw StoreError("redis " + address_ + ": AUTH failed: " + reply.str());
    }
    if (url.db != 0) checked(raw({"SELECT", std::to_string(url.db)}), address_);
}

Connection::~Connection() = default;

bool Connection::stale() {
    if (broken_) return true;
    pollfd watched{context_->fd, POLLIN | POLLRDHUP, 0};
    if (::poll(&watched, 1, 0) == 0) return false;  // nothing to read: the server has not hung up
    // Anything readable on an idle connection is either the server's hang-up or bytes nobody asked for.
    char byte = 0;
    ssize_t got = ::recv(context_->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
    broken_ = true;
    return true;
}

void Connection::fail(const std::string& doing) {
    broken_ = true;
    std::string reason = context_ && context_->errstr[0] != '\0' ? context_->errstr : "connection lost";
    // hiredis reports a timed-out read as EAGAIN's text.
    if (context_ && context_->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        reason = "no answer within the command timeout";
    }
    throw StoreError("redis " + address_ + ": cannot " + doing + ": " + reason);
}

void Connection::append(const std::vector<std::string_view>& words) {
    std::vector<const char*> pointers;
    std::vector<std::size_t> lengths;
    pointers.reserve(words.size());
    lengths.reserve(words.size());
    for (std::string_view word : words) {
        pointers.push_back(word.data());
        lengths.push_back(word.size());
    }
    if (redisAppendCommandArgv(context_.get(), static_cast<int>(words.size()), pointers.data(), lengths.data()) !=
        REDIS_OK) {
        fail("send a command");
    }
}

Reply Connection::read_reply() {
    void* reply = nullptr;
    if (redisGetReply(context_.get(), &reply) != REDIS_OK || reply == nullptr) fail("read a reply");
    return Reply(static_cast<redisReply*>(reply));
}

Reply Connection::raw(const Command& command) {
    if (broken_) throw StoreError("redis " + address_ + ": the connection is broken");
    SigpipeBlock no_sigpipe;  // hiredis writes the buffered command when the reply is read
    append(words_of(command));
    return read_reply();
}

Reply Connection::raw(std::initializer_list<std::string_view> command) {
    if (broken_) throw StoreError("redis " + address_ + ": the connection is broken");
    SigpipeBlock no_sigpipe;
    append(std::vector<std::string_view>(command));
    return read_reply();
}

Reply Connection::call(const Command& command) { return checked(raw(command), address_); }

Reply Connection::call(std::initializer_list<std::string_view> command) { return checked(raw(command), address_); }

std::vector<Reply> Connection::pipeline(const std::vector<Command>& commands) {
    if (broken_) throw StoreError("redis " + address_ + ": the connection is broken");
    SigpipeBlock no_sigpipe;
    for (const Command& command : commands) append(words_of(command));
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) replies.push_back(read_reply());
    return replies;
}

}  // namespace dms::store::redis
