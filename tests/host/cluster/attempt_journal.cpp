#include "attempt_journal.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>
#include <stdexcept>

namespace dms::test {

AttemptJournal AttemptJournal::read(const std::filesystem::path& path) {
    std::ifstream in(path);
    AttemptJournal journal;
    // Keyed by task, attempt and process: a task's attempt number is reused only by a host that lost its lease.
    std::map<std::tuple<std::string, int, pid_t>, std::size_t> open;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string event;
        Attempt attempt;
        Nanoseconds at = 0;
        if (!(fields >> event >> attempt.task_id >> attempt.number >> attempt.pid >> at)) {
            throw std::runtime_error("unreadable journal line: " + line);
        }
        auto key = std::make_tuple(attempt.task_id, attempt.number, attempt.pid);
        if (event == "start") {
            attempt.start = at;
            open[key] = journal.attempts_.size();
            journal.attempts_.push_back(std::move(attempt));
        } else if (event == "end" && open.count(key) != 0) {
            journal.attempts_[open[key]].end = at;
            open.erase(key);
        } else {
            throw std::runtime_error("journal line without its start: " + line);
        }
    }
    return journal;
}

std::vector<std::string> AttemptJournal::problems(const std::map<pid_t, Nanoseconds>& killed_at) const {
    std::vector<std::string> found;
    std::map<std::string, std::vector<std::pair<Nanoseconds, Nanoseconds>>> runs;  // by task: [start, end]
    for (const Attempt& attempt : attempts_) {
        auto killed = killed_at.find(attempt.pid);
        Nanoseconds end = attempt.end.value_or(killed == killed_at.end() ? 0 : killed->second);
        if (!attempt.end && killed == killed_at.end()) {
            found.push_back("task " + attempt.task_id + " attempt " + std::to_string(attempt.number) + " in pid " +
                            std::to_string(attempt.pid) + " never ended, and its host was not killed");
            continue;
        }
        runs[attempt.task_id].emplace_back(attempt.start, end);
    }
    for (auto& [task_id, intervals] : runs) {
        std::sort(intervals.begin(), intervals.end());
        for (std::size_t i = 1; i < intervals.size(); ++i) {
            if (intervals[i].first < intervals[i - 1].second) {
                found.push_back("task " + task_id + " ran twice at once: an attempt started " +
                                std::to_string(intervals[i - 1].second - intervals[i].first) +
                                " ns before the previous one ended");
            }
        }
    }
    return found;
}

AttemptJournal::Nanoseconds AttemptJournal::now() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace dms::test
