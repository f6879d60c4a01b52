#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "check_outcome.hpp"

namespace dms::conformance {

// What a check's body, running in the forked child, tells the kit while it runs: each stage it enters and
// how long the kit is to wait for it, then its outcome. Messages are JSON lines on a pipe.
class ChildChannel {
public:
    explicit ChildChannel(int fd) : fd_(fd) {}

    // Enters `stage` (e.g. "run"), which the kit gives `seconds` from now to end. A child that is still in it
    // then is killed, and the check fails with `on_timeout`. THREADING: any thread of the child.
    void enter(const std::string& stage, double seconds, const std::string& on_timeout);

    // Hands over the check's outcome; the child ends right after.
    void finish(const CheckOutcome& outcome);

private:
    void send(const nlohmann::json& message);

    int fd_;
    std::mutex mutex_;
};

// Runs `body` in a forked child, so that whatever the plugin does there (crash, abort, hang, exit, write on
// stdout) ends as a FAIL saying what happened in which stage, never as the end of the kit. The child's
// stdout goes to stderr, keeping the kit's report clean. The body loads the plugin itself, within the first
// stage, "load" (30 s).
// @param body the check, returning its outcome; an exception it throws becomes a FAIL with its message
// @return the body's outcome, or a FAIL naming the signal, exit code or timeout that ended the child
CheckOutcome run_isolated(const std::function<CheckOutcome(ChildChannel&)>& body);

}  // namespace dms::conformance
