#include "drain_scenario.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "rss_sampler.hpp"

namespace dms::load {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollEvery = std::chrono::milliseconds(50);

}  // namespace

void DrainScenario::run() {
    if (!session_.launched()) {
        report_.add_note("drain skipped: it restarts the host, so it needs a host the driver starts (no --url)");
        return;
    }
    runner_.settle();
    session_.stop();
    session_.start(1);
    session_.park_worker();
    std::size_t before = HostSession::count(session_.stats(), "noop", "completed");
    LoopPlan plan = runner_.submit_plan(64, options_.count, nullptr);
    plan.max_time = std::chrono::duration<double>(std::max(60.0, options_.max_seconds));
    LoopResult queued = RequestLoop(plan).run();
    if (queued.errors() > 0) report_.add_error("drain (queueing)", queued.errors(), queued.first_error);
    session_.stop();

    StartTimes times = session_.start();
    std::optional<RssSampler> sampler(session_.pid());
    // Workers start as the port file is written, a little before /readyz: the drain is timed from there.
    auto deadline = Clock::now() + std::chrono::seconds(static_cast<long>(std::max(120.0, 20 * options_.max_seconds)));
    std::size_t completed = 0;
    Clock::time_point done;
    bool finished = false;
    for (;;) {
        nlohmann::json stats = session_.stats();
        done = Clock::now();
        completed = HostSession::count(stats, "noop", "completed") - before;
        if (HostSession::count(stats, "noop", "queued") + HostSession::count(stats, "noop", "running") == 0) {
            finished = true;
            break;
        }
        if (done >= deadline) break;
        std::this_thread::sleep_for(kPollEvery);
    }
    runner_.note_rss_peak(sampler->peak_mib());
    sampler.reset();
    double seconds = std::chrono::duration<double>(done - times.listening_at).count();

    std::string name = "drain n=" + std::to_string(queued.ok);
    report_.add(name, "throughput", static_cast<double>(completed) / seconds, "tasks/s");
    report_.add(name, "completed", static_cast<double>(completed), "tasks");
    report_.add(name, "time to drain", seconds * 1000, "ms");
    report_.add(name, "ready after restart", times.ready_ms, "ms");
    if (!finished)
        report_.add_error(name, queued.ok > completed ? queued.ok - completed : 1,
                          "not all tasks completed before the time limit");
    if (completed != queued.ok) {
        report_.add_note(name + ": " + std::to_string(completed) + " completed of " + std::to_string(queued.ok) +
                         " queued (left-overs of earlier scenarios count too)");
    }
    session_.park_worker();
}

}  // namespace dms::load
