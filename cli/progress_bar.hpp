#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/rate_meter.hpp"

namespace dms::cli {

// Shows a watched task's progress. On a terminal: two lines redrawn in place, a bar with the amount done
// (bytes or the plugin's unit), rate, ETA and message, then the latest log line. Elsewhere (a pipe, a
// file): a plain line whenever something changed, at most once a second.
class ProgressBar {
 public:
    using Clock = RateMeter::Clock;

    ProgressBar(std::ostream& out, bool terminal, std::size_t columns)
        : out_(out), terminal_(terminal), columns_(columns) {}

    // The task as just polled.
    void show(const nlohmann::json& task, Clock::time_point now);

    // Clears the bar and says how the task ended, with its result or its last log line.
    void finish(const nlohmann::json& task);

    // "running [=====>    ]  45%  13.5 s / 30 s  ETA 0:17  · sleeping"; `bar_width` 0 leaves the bar out.
    static std::string status_line(const nlohmann::json& task, std::optional<double> rate, std::size_t bar_width);

    // The message of the task's latest log line, or empty.
    static std::string latest_log(const nlohmann::json& task);

    // The outcome: "completed in 0:02", "failed after 0:01: <why>", "cancelled after 0:03".
    static std::string outcome_line(const nlohmann::json& task);

 private:
    void draw(const std::string& first, const std::string& second);
    std::string fit(const std::string& line) const;

    std::ostream& out_;
    bool terminal_;
    std::size_t columns_;
    RateMeter rate_;
    bool drawn_ = false;  // the terminal shows our two lines, the cursor at the end of the second
    std::string last_plain_key_;
    std::string last_status_;
    Clock::time_point last_plain_at_{};
};

}  // namespace dms::cli
