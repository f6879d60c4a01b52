#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dms::test {

// What the journal plugin wrote: every attempt's start and end, with the process that ran it.
class AttemptJournal {
public:
    using Nanoseconds = std::int64_t;  // steady_clock, the same in every process of the machine

    struct Attempt {
        std::string task_id;
        int number = 0;
        pid_t pid = 0;
        Nanoseconds start = 0;
        std::optional<Nanoseconds> end;  // none: its process was killed while it ran
    };

    static AttemptJournal read(const std::filesystem::path& path);

    const std::vector<Attempt>& attempts() const { return attempts_; }

    // One line per pair of attempts of one task that ran at the same time, and per attempt that never ended
    // although its process was not killed. An attempt of a killed process ends at most at its kill time.
    std::vector<std::string> problems(const std::map<pid_t, Nanoseconds>& killed_at) const;

    static Nanoseconds now();

private:
    std::vector<Attempt> attempts_;
};

}  // namespace dms::test
