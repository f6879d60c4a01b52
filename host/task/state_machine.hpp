#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "task/status.hpp"

namespace dms::task {

// What can happen to a task. Each store operation that changes a status names one of these.
enum class Event {
    lease,     // a worker takes a queued task, or a retrying or scheduled one whose time has come
    succeed,   // the plugin finished the attempt well
    fail,      // the attempt failed and the task will not be retried (no retries left, or a permanent failure)
    cancel,    // a user or operator cancelled it (a running task ends once its plugin stops or grace runs out)
    requeue,   // the attempt was interrupted (host stopped or died) and the task waits again
    retry,     // the attempt failed with retries left: the task waits for its next attempt
    resubmit,  // an operator puts a failed task back in its queue with a fresh retry budget
};

inline constexpr Event kAllEvents[] = {Event::lease,   Event::succeed, Event::fail,    Event::cancel,
                                       Event::requeue, Event::retry,   Event::resubmit};

std::string_view to_string(Event event);

// One allowed move.
struct Transition {
    Status from;
    Event event;
    Status to;
};

// Every allowed move; anything not listed is illegal.
std::span<const Transition> transitions();

// The status a task in `from` reaches on `event`, or nothing when the move is illegal.
std::optional<Status> next_status(Status from, Event event);

}  // namespace dms::task
