#include "service/waiting_reason.hpp"

namespace dms::service {
namespace {

bool at_cap(const store::RunningCaps& caps, const store::RunningCount& running) {
    auto reached = [](std::size_t cap, std::int64_t now) { return cap > 0 && now >= static_cast<std::int64_t>(cap); };
    return reached(caps.service, running.service) || reached(caps.per_user, running.user);
}

}  // namespace

std::optional<Waiting> explain_waiting(const task::Task& task, const WaitingFacts& facts) {
    using task::Status;
    if (task.status != Status::queued && !task::waits_for_time(task.status)) return std::nullopt;
    if (task::waits_for_time(task.status) && task.not_before && *task.not_before > facts.now) {
        return Waiting{task.status == Status::scheduled ? "scheduled" : "retrying", std::nullopt, task.not_before};
    }
    if (facts.service_paused) return Waiting{"paused", std::nullopt, std::nullopt};
    if (at_cap(facts.caps, facts.running)) return Waiting{"capped", std::nullopt, std::nullopt};
    Waiting waiting{"queued", facts.position, std::nullopt};
    if (facts.position && facts.per_second && *facts.per_second > 0) {
        // The tasks ahead of it, then itself, leave the queues at the rate this host has been finishing them.
        double seconds = static_cast<double>(*facts.position + 1) / *facts.per_second;
        waiting.estimated_start =
            facts.now + std::chrono::duration_cast<task::Timestamp::duration>(std::chrono::duration<double>(seconds));
    }
    return waiting;
}

}  // namespace dms::service
