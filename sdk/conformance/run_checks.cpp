// check_run and check_cancel, from plugin_checks.hpp.
#include "plugin_checks.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "isolated_call.hpp"
#include "loaded_plugin.hpp"
#include "progress_judge.hpp"
#include "report_text.hpp"
#include "status_names.hpp"

namespace dms::conformance {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kCancelDelay = std::chrono::milliseconds(100);

double seconds_between(Clock::time_point start, Clock::time_point end) {
    return std::chrono::duration<double>(end - start).count();
}

// How a run ended, for a report line: "OK in 0.21 s; result {...}" or "ERROR in 0 s: why".
std::string ending(const RunRecord& run, double seconds) {
    const std::string text = status_name(run.status) + " in " + seconds_text(seconds) + " s";
    if (run.status != DMS_STATUS_OK) return run.message.empty() ? text : text + ": " + one_line(run.message, 120);
    if (run.result.is_null()) return text + "; no result";
    return text + "; result " +
           one_line(run.result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 120);
}

// What every run must get right, cancelled or not; empty when it did.
std::string run_problem(const RunRecord& run, bool cancel_requested) {
    if (!documented_for_run(run.status)) return "ended " + status_name(run.status) + ", not a documented status";
    if (run.status == DMS_STATUS_CANCELLED && !cancel_requested) {
        return "ended CANCELLED though nothing asked it to stop";
    }
    if (run.refused_results > 0) return "set a result that is not a JSON object";
    return {};
}

CheckOutcome judge_cancel(const RunRecord& run, Clock::time_point start, Clock::time_point end,
                          std::optional<Clock::time_point> cancelled_at, double bound) {
    if (std::string problem = run_problem(run, cancelled_at.has_value()); !problem.empty()) {
        return CheckOutcome::fail(problem);
    }
    if (!cancelled_at) {
        return CheckOutcome::pass("ended " + ending(run, seconds_between(start, end)) +
                                  ", before the cancel request at 100 ms: nothing to cancel (give --params that run "
                                  "longer to check cancel)");
    }
    const double took = seconds_between(*cancelled_at, end);
    const std::string when = seconds_text(took) + " s after the cancel request";
    if (took > bound) return CheckOutcome::fail("returned " + when + "; the bound is " + seconds_text(bound) + " s");
    if (run.status == DMS_STATUS_CANCELLED || run.status == DMS_STATUS_OK) {
        return CheckOutcome::pass("ended " + status_name(run.status) + " " + when + " (bound " + seconds_text(bound) +
                                  " s)");
    }
    return CheckOutcome::fail("ended " + ending(run, seconds_between(start, end)) + ", " + when +
                              "; expected CANCELLED (or OK when it was just finishing)");
}

void enter_run(ChildChannel& channel, const CheckOptions& options) {
    channel.enter("run", options.run_timeout_seconds,
                  "run with --params did not end within " + seconds_text(options.run_timeout_seconds) +
                      " s (--run-timeout-seconds)");
}

}  // namespace

CheckOutcome check_run(const CheckTarget& target) {
    return run_isolated([&](ChildChannel& channel) {
        LoadedPlugin plugin(target.options.library);
        enter_run(channel, target.options);
        const auto start = Clock::now();
        const RunRecord run = plugin.host().run(target.service, target.options.parameters_json);
        const std::string problem = run_problem(run, false);
        CheckOutcome outcome = problem.empty()
                                   ? CheckOutcome::pass("ended " + ending(run, seconds_between(start, Clock::now())))
                                   : CheckOutcome::fail(problem);
        outcome.data["progress_problem"] = progress_problem(run.progress);
        outcome.data["progress_reports"] = run.progress.size();
        return outcome;
    });
}

CheckOutcome check_cancel(const CheckTarget& target) {
    return run_isolated([&](ChildChannel& channel) {
        LoadedPlugin plugin(target.options.library);
        CheckHost& host = plugin.host();
        const double bound = target.options.cancel_bound_seconds;
        std::mutex mutex;
        std::condition_variable ended;
        bool returned = false;
        std::optional<Clock::time_point> cancelled_at;

        enter_run(channel, target.options);
        // Cancels 100 ms in, unless the run is over by then, and from that moment gives it `bound` seconds.
        std::thread canceller([&] {
            std::unique_lock lock(mutex);
            if (ended.wait_for(lock, kCancelDelay, [&] { return returned; })) return;
            cancelled_at = Clock::now();
            host.cancel();
            channel.enter(
                "run after the cancel request", bound,
                "still running " + seconds_text(bound) + " s after the cancel request: cancel is not honoured");
        });
        const auto start = Clock::now();
        const RunRecord run = host.run(target.service, target.options.parameters_json);
        const auto end = Clock::now();
        {
            std::lock_guard lock(mutex);
            returned = true;
        }
        ended.notify_all();
        canceller.join();
        return judge_cancel(run, start, end, cancelled_at, bound);
    });
}

}  // namespace dms::conformance
