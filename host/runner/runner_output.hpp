#pragma once

#include <cstddef>
#include <string>

namespace dms::runner {

// The host's reader of a runner's stdout and stderr: whatever the plugin prints, each line goes to the
// host's log at debug level, cut to kMaxLineBytes and made printable, and at most kMaxLoggedBytes per
// attempt; the rest is read and dropped, so the runner never blocks on a full pipe and garbage never
// floods the host's memory or log.
class RunnerOutput {
 public:
    static constexpr std::size_t kMaxLineBytes = 1024;
    static constexpr std::size_t kMaxLoggedBytes = 64 * 1024;

    // `label` starts each log line, e.g. "plugin 'chaos' task 6f1c...".
    explicit RunnerOutput(std::string label) : label_(std::move(label)) {}

    // Reads what `fd` has now, without blocking (at most a few reads). Returns false at end-of-file or on
    // an error: the caller closes it.
    bool drain(int fd);

    // Logs a last line that had no newline.
    void finish();

    std::size_t bytes_read() const { return bytes_read_; }

 private:
    void take(const char* bytes, std::size_t count);
    void emit_line();

    std::string label_;
    std::string line_;
    bool line_cut_ = false;  // the current line went over kMaxLineBytes: the rest of it is dropped
    std::size_t bytes_read_ = 0;
    std::size_t bytes_logged_ = 0;
    bool said_dropped_ = false;
};

}  // namespace dms::runner
