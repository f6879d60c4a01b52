#include "scenario_runner.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <thread>

#include "rss_sampler.hpp"

namespace dms::load {
namespace {

namespace http = boost::beast::http;

std::string label(const std::string& name, unsigned connections) { return name + " c=" + std::to_string(connections); }

}  // namespace

LoopResult ScenarioRunner::run_sampled(const LoopPlan& plan) {
    std::optional<RssSampler> sampler;
    if (session_.launched()) sampler.emplace(session_.pid());
    LoopResult result = RequestLoop(plan).run();
    if (sampler) note_rss_peak(sampler->peak_mib());
    return result;
}

LoopPlan ScenarioRunner::submit_plan(unsigned connections, std::size_t count, IdPool* ids) const {
    LoopPlan plan;
    plan.address = session_.address();
    plan.connections = connections;
    plan.count = count;
    plan.max_time = std::chrono::duration<double>(options_.max_seconds);
    plan.threads = options_.client_threads;
    std::string target = plan.address.tasks_path("noop", kUser);
    plan.make = [target](std::size_t) { return RequestSpec{http::verb::post, target, kNoopBody}; };
    if (ids) plan.on_reply = [ids](std::size_t index, const Reply& reply) { ids->offer(index, reply.location); };
    return plan;
}

LoopPlan ScenarioRunner::get_plan(unsigned connections, std::size_t count) const {
    const IdPool& pool = backlog_ids_.ids().empty() ? noop_ids_ : backlog_ids_;
    if (pool.ids().empty()) throw std::runtime_error("no task ids to GET: every setup submission failed");
    LoopPlan plan;
    plan.address = session_.address();
    plan.connections = connections;
    plan.count = count;
    plan.max_time = std::chrono::duration<double>(options_.max_seconds);
    plan.threads = options_.client_threads;
    // The targets are built once, so the loop measures the host and not string building.
    auto targets = std::make_shared<std::vector<std::string>>();
    for (const std::string& id : pool.ids())
        targets->push_back(plan.address.task_path(pool.service(), id, pool.user()));
    plan.make = [targets](std::size_t index) {
        return RequestSpec{http::verb::get, (*targets)[index % targets->size()], {}};
    };
    return plan;
}

void ScenarioRunner::settle() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
    for (;;) {
        nlohmann::json stats = session_.stats();
        if (HostSession::count(stats, "noop", "queued") + HostSession::count(stats, "noop", "running") == 0) return;
        if (std::chrono::steady_clock::now() >= deadline) {
            report_.add_note("noop tasks were still queued 180 s after a scenario; the next one ran with them");
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void ScenarioRunner::submit(unsigned connections) {
    // The queue's intake alone, as a job queue's "add" is measured: the workers would otherwise run the same tasks
    // on the same two cores meanwhile (the mixed scenario measures that). They drain afterwards, untimed.
    session_.set_paused("noop", true);
    LoopResult result;
    try {
        result = run_sampled(submit_plan(connections, options_.count, &noop_ids_));
    } catch (...) {
        session_.set_paused("noop", false);  // an attached host is left as it was found
        throw;
    }
    session_.set_paused("noop", false);
    report_.add_loop(label("submit", connections), result, "tasks");
    if (connections == options_.connections.front()) {
        report_.add_note("submit: the noop service is paused while submissions are measured; its tasks run after");
    }
}

void ScenarioRunner::get(unsigned connections) {
    bool backlog = !backlog_ids_.ids().empty();
    if (!backlog && noop_ids_.ids().empty()) {
        // Run alone: make some tasks to read first (not measured).
        LoopResult made = RequestLoop(submit_plan(16, std::min<std::size_t>(options_.get_ids, 2000), &noop_ids_)).run();
        if (made.errors() > 0) report_.add_error("get (setup)", made.errors(), made.first_error);
        if (noop_ids_.ids().empty()) throw std::runtime_error("get: no task could be submitted to read back");
    }
    LoopResult result = run_sampled(get_plan(connections, options_.count));
    std::string name = label(backlog ? "get queued" : "get", connections);
    report_.add_loop(name, result, "requests");
    if (connections == options_.connections.front()) {
        report_.add_note(backlog ? "get queued: GETs of preloaded queued sleep tasks, each answer with its position"
                                 : "get: GETs of finished noop tasks (no position to compute)");
    }
}

void ScenarioRunner::mixed() {
    unsigned largest = *std::max_element(options_.connections.begin(), options_.connections.end());
    unsigned half = std::max(1u, largest / 2);
    if (noop_ids_.ids().empty() && backlog_ids_.ids().empty()) {
        RequestLoop(submit_plan(16, std::min<std::size_t>(options_.get_ids, 2000), &noop_ids_)).run();
    }
    LoopPlan submits = submit_plan(half, SIZE_MAX, nullptr);
    LoopPlan gets = get_plan(half, SIZE_MAX);
    submits.max_time = gets.max_time = std::chrono::duration<double>(options_.mixed_seconds);

    nlohmann::json before = session_.stats();
    auto started = std::chrono::steady_clock::now();
    std::optional<RssSampler> sampler;
    if (session_.launched()) sampler.emplace(session_.pid());
    auto get_run = std::async(std::launch::async, [&gets] { return RequestLoop(gets).run(); });
    LoopResult submitted = RequestLoop(submits).run();
    LoopResult got = get_run.get();
    nlohmann::json after = session_.stats();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (sampler) note_rss_peak(sampler->peak_mib());

    std::string name = "mixed " + std::to_string(half) + "+" + std::to_string(half);
    report_.add_loop(name + " submit", submitted, "tasks");
    report_.add_loop(name + " get", got, "requests");
    double completed = static_cast<double>(HostSession::count(after, "noop", "completed")) -
                       static_cast<double>(HostSession::count(before, "noop", "completed"));
    report_.add(name + " drain", "completed", completed / seconds, "tasks/s");
    report_.add(name + " drain", "queued noop at the end",
                static_cast<double>(HostSession::count(after, "noop", "queued")), "tasks");
}

}  // namespace dms::load
