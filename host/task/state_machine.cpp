#include "task/state_machine.hpp"

#include <array>

namespace dms::task {
namespace {

constexpr std::array kTransitions{
    Transition{Status::queued, Event::lease, Status::running},
    Transition{Status::queued, Event::cancel, Status::cancelled},
    Transition{Status::running, Event::succeed, Status::completed},
    Transition{Status::running, Event::fail, Status::failed},
    Transition{Status::running, Event::cancel, Status::cancelled},
    Transition{Status::running, Event::requeue, Status::queued},
    Transition{Status::running, Event::retry, Status::retrying},
    Transition{Status::retrying, Event::lease, Status::running},
    Transition{Status::retrying, Event::cancel, Status::cancelled},
    Transition{Status::scheduled, Event::lease, Status::running},
    Transition{Status::scheduled, Event::cancel, Status::cancelled},
    Transition{Status::failed, Event::resubmit, Status::queued},
};

}  // namespace

std::string_view to_string(Event event) {
    switch (event) {
        case Event::lease: return "lease";
        case Event::succeed: return "succeed";
        case Event::fail: return "fail";
        case Event::cancel: return "cancel";
        case Event::requeue: return "requeue";
        case Event::retry: return "retry";
        case Event::resubmit: return "resubmit";
    }
    return "unknown";
}

std::span<const Transition> transitions() { return kTransitions; }

std::optional<Status> next_status(Status from, Event event) {
    for (const Transition& transition : kTransitions) {
        if (transition.from == from && transition.event == event) return transition.to;
    }
    return std::nullopt;
}

}  // namespace dms::task
