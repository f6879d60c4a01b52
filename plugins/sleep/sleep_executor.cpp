#include "sleep_executor.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "seconds.hpp"

namespace dms::plugins {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSlice = std::chrono::milliseconds(50);
constexpr auto kProgressEvery = std::chrono::milliseconds(250);
constexpr auto kCheckpointEvery = std::chrono::seconds(1);

// The `seconds` parameter, or InvalidParameters saying what is wrong with the parameters.
double requested_seconds(const nlohmann::json& parameters) {
    for (const auto& [name, value] : parameters.items()) {
        if (name != "seconds")
            throw sdk::InvalidParameters("unknown parameter '" + name + "'; sleep takes only 'seconds'");
    }
    if (!parameters.contains("seconds")) throw sdk::InvalidParameters("parameter 'seconds' is required");
    const auto seconds = parse_seconds(parameters.at("seconds"), SleepExecutor::kMaxSeconds);
    if (!seconds) {
        throw sdk::InvalidParameters("parameter 'seconds' must be a number from 0 to 86400, got " +
                                     sdk::describe_value(parameters.at("seconds")));
    }
    return *seconds;
}

// Seconds already slept by earlier attempts, from the resume cursor; 0 when there is none or it is unreadable.
double already_slept(const sdk::Task& task, double total) {
    if (task.resume_cursor().empty()) return 0;
    const auto slept = parse_seconds_text(task.resume_cursor(), SleepExecutor::kMaxSeconds);
    if (!slept) {
        task.warn("ignoring unreadable resume cursor '" + std::string(task.resume_cursor()) + "'");
        return 0;
    }
    return std::min(*slept, total);
}

}  // namespace

sdk::PluginInfo SleepExecutor::info() {
    const nlohmann::json parameters = nlohmann::json::array({{
        {"name", "seconds"},
        {"type", "number"},
        {"required", true},
        {"description", "How long to sleep, from 0 to 86400 seconds; a numeric string is accepted."},
    }});
    return {"sleep",
            "1.0.0",
            "Sleeps: a test load that reports progress, honours cancel and resumes.",
            {{"sleep", "Sleeps for the given number of seconds, then sets {\"slept_seconds\": seconds}.", parameters}}};
}

void SleepExecutor::validate(std::string_view, const nlohmann::json& parameters) { requested_seconds(parameters); }

void SleepExecutor::run(sdk::Task& task) {
    const double total = requested_seconds(task.parameters());
    const double base = already_slept(task, total);
    task.info(base > 0 ? "resuming after " + format_seconds(base) + " of " + format_seconds(total) + " seconds"
                       : "sleeping " + format_seconds(total) + " seconds");

    const auto start = Clock::now();
    auto last_progress = start;
    auto last_checkpoint = start;
    double done = base;
    if (total > 0) task.progress(done, total, "seconds", "sleeping");
    while (done < total) {
        if (task.cancelled()) {
            task.checkpoint(format_seconds(done));
            task.info("cancelled after " + format_seconds(done) + " of " + format_seconds(total) + " seconds");
            return;  // the SDK reports DMS_STATUS_CANCELLED
        }
        const auto remaining = std::chrono::duration<double>(total - done);
        std::this_thread::sleep_for(std::min<std::chrono::duration<double>>(kSlice, remaining));
        const auto now = Clock::now();
        done = std::min(total, base + std::chrono::duration<double>(now - start).count());
        if (now - last_progress >= kProgressEvery) {
            task.progress(done, total, "seconds", "sleeping");
            last_progress = now;
        }
        if (now - last_checkpoint >= kCheckpointEvery) {
            task.checkpoint(format_seconds(done));
            last_checkpoint = now;
        }
    }
    if (total > 0) task.progress(total, total, "seconds", "done");
    task.set_result({{"slept_seconds", total}});
}

}  // namespace dms::plugins
