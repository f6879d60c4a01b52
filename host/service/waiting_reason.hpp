#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "store/task_store.hpp"
#include "task/task.hpp"

namespace dms::service {

// Why a task that is not running yet waits, as a task's GET tells it.
struct Waiting {
    std::string reason;  // scheduled, retrying, paused, capped, queued
    std::optional<std::int64_t> position;              // with queued: tasks taken before it
    std::optional<task::Timestamp> estimated_start;    // none when unknown
};

// What is known about a waiting task's surroundings when its GET is answered.
struct WaitingFacts {
    std::optional<std::int64_t> position;  // in the queues, when the store has it there
    bool service_paused = false;
    store::RunningCaps caps;             // of its service
    store::RunningCount running;         // now, of its service and its user
    std::optional<double> per_second;    // tasks this host finishes a second, recently; none: not known
    task::Timestamp now = task::now();
};

// The waiting object of a task, or nothing for a task that does not wait (running or final). Pure: the facts are
// gathered by the caller. A task waiting for a time says so first; then a paused service, then a cap; else its
// position, with a start estimated from it and the observed throughput.
std::optional<Waiting> explain_waiting(const task::Task& task, const WaitingFacts& facts);

}  // namespace dms::service
