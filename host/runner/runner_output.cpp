#include "runner/runner_output.hpp"

#include <unistd.h>

#include <cerrno>

#include <spdlog/spdlog.h>

namespace dms::runner {
namespace {

constexpr int kReadsPerDrain = 4;  // then back to the socket, which matters more

bool printable(char c) { return (c >= 0x20 && c < 0x7f) || c == '\t'; }

}  // namespace

bool RunnerOutput::drain(int fd) {
    char buffer[16 * 1024];
    for (int round = 0; round < kReadsPerDrain; ++round) {
        const ssize_t got = ::read(fd, buffer, sizeof(buffer));
        if (got > 0) {
            bytes_read_ += static_cast<std::size_t>(got);
            take(buffer, static_cast<std::size_t>(got));
            if (static_cast<std::size_t>(got) < sizeof(buffer)) return true;
            continue;
        }
        if (got < 0 && errno == EINTR) continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
        return false;
    }
    return true;
}

void RunnerOutput::finish() {
    if (!line_.empty()) emit_line();
}

void RunnerOutput::take(const char* bytes, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        const char c = bytes[i];
        if (c == '\n') {
            emit_line();
            line_cut_ = false;
        } else if (line_.size() < kMaxLineBytes) {
            line_.push_back(printable(c) ? c : '?');
        } else if (!line_cut_) {
            line_ += "...";
            line_cut_ = true;
        }
    }
}

void RunnerOutput::emit_line() {
    if (bytes_logged_ < kMaxLoggedBytes) {
        bytes_logged_ += line_.size();
        spdlog::debug("{} output: {}", label_, line_);
    } else if (!said_dropped_) {
        said_dropped_ = true;
        spdlog::debug("{} output: more than {} bytes; the rest is dropped", label_, kMaxLoggedBytes);
    }
    line_.clear();
}

}  // namespace dms::runner
