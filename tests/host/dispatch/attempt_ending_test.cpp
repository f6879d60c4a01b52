#include "dispatch/attempt_ending.hpp"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

namespace dms::dispatch {
namespace {

using Kind = plugin::RunOutcome::Kind;
using task::Event;

constexpr Kind kAllKinds[] = {Kind::ok, Kind::error, Kind::cancelled};
constexpr StopReason kAllReasons[] = {StopReason::none,       StopReason::user_cancel, StopReason::shutdown,
                                      StopReason::lease_lost, StopReason::timeout,     StopReason::stalled};

// What each (plugin outcome, reason the host had asked it to stop) pair must become, written out by hand.
struct Expected {
    Event event;
    bool keeps_result;         // the plugin's result is stored (else null: a requeue stores nothing)
    bool error_in_result;      // result.error carries a message
    std::string_view log_has;  // a part of the log line
};

const std::map<std::pair<Kind, StopReason>, Expected> kTable = {
    {{Kind::ok, StopReason::none}, {Event::succeed, true, false, "Completed"}},
    {{Kind::ok, StopReason::user_cancel}, {Event::succeed, true, false, "before the cancel request took effect"}},
    {{Kind::ok, StopReason::shutdown}, {Event::succeed, true, false, "Completed"}},
    {{Kind::ok, StopReason::lease_lost}, {Event::succeed, true, false, "Completed"}},
    {{Kind::error, StopReason::none}, {Event::fail, true, true, "Failed: boom"}},
    {{Kind::error, StopReason::user_cancel}, {Event::cancel, true, false, "plugin stopped with: boom"}},
    {{Kind::error, StopReason::shutdown}, {Event::requeue, false, false, "host shutting down"}},
    {{Kind::error, StopReason::lease_lost}, {Event::requeue, false, false, "lease lost"}},
    {{Kind::cancelled, StopReason::none}, {Event::fail, true, true, "without a cancel request"}},
    {{Kind::cancelled, StopReason::user_cancel}, {Event::cancel, true, false, "Cancelled"}},
    {{Kind::cancelled, StopReason::shutdown}, {Event::requeue, false, false, "returned to its queue"}},
    {{Kind::cancelled, StopReason::lease_lost}, {Event::requeue, false, false, "returned to its queue"}},
    {{Kind::ok, StopReason::timeout}, {Event::succeed, true, false, "Completed"}},
    {{Kind::error, StopReason::timeout}, {Event::fail, true, true, "Failed: timeout"}},
    {{Kind::cancelled, StopReason::timeout}, {Event::fail, true, true, "Failed: timeout"}},
    {{Kind::ok, StopReason::stalled}, {Event::succeed, true, false, "Completed"}},
    {{Kind::error, StopReason::stalled}, {Event::fail, true, true, "Failed: stalled"}},
    {{Kind::cancelled, StopReason::stalled}, {Event::fail, true, true, "Failed: stalled"}},
};

plugin::RunOutcome outcome(Kind kind) {
    plugin::RunOutcome result;
    result.kind = kind;
    result.message = kind == Kind::ok ? "" : "boom";
    result.result = {{"partial", 7}};
    return result;
}

TEST(AttemptEndingTest, EveryOutcomeAndStopReasonEndsAsSpecified) {
    int checked = 0;
    for (Kind kind : kAllKinds) {
        for (StopReason reason : kAllReasons) {
            SCOPED_TRACE("kind " + std::to_string(static_cast<int>(kind)) + ", reason " +
                         std::to_string(static_cast<int>(reason)));
            auto expected = kTable.find({kind, reason});
            ASSERT_NE(expected, kTable.end());
            AttemptEnding ending = decide_ending(outcome(kind), reason);
            EXPECT_EQ(ending.event, expected->second.event);
            EXPECT_NE(ending.log.find(expected->second.log_has), std::string::npos) << ending.log;
            if (expected->second.keeps_result) {
                ASSERT_TRUE(ending.result.is_object()) << ending.result.dump();
                EXPECT_EQ(ending.result.value("partial", 0), 7) << ending.result.dump();
            } else {
                EXPECT_TRUE(ending.result.is_null()) << ending.result.dump();
            }
            bool has_error = ending.result.is_object() && ending.result.contains("error");
            EXPECT_EQ(has_error, expected->second.error_in_result) << ending.result.dump();
            ++checked;
        }
    }
    EXPECT_EQ(checked, 18);
}

TEST(AttemptEndingTest, AFailureKeepsThePluginsMessageInResultAndLog) {
    AttemptEnding ending = decide_ending(outcome(Kind::error), StopReason::none);
    EXPECT_EQ(ending.result["error"], "boom");
    EXPECT_EQ(ending.log, "Failed: boom");
}

TEST(AttemptEndingTest, AFailureWithoutAMessageSaysSo) {
    plugin::RunOutcome silent;
    silent.kind = Kind::error;
    AttemptEnding ending = decide_ending(silent, StopReason::none);
    EXPECT_EQ(ending.event, Event::fail);
    EXPECT_EQ(ending.result["error"], "plugin failed without a message");
}

TEST(AttemptEndingTest, ANonObjectResultIsReplacedByAnEmptyObject) {
    plugin::RunOutcome odd = outcome(Kind::ok);
    odd.result = nlohmann::json::array({1, 2});
    AttemptEnding ending = decide_ending(odd, StopReason::none);
    EXPECT_EQ(ending.result, nlohmann::json::object());
}

TEST(AttemptEndingTest, ATimeoutSaysHowLongAndCarriesItsCode) {
    AttemptEnding ending = decide_ending(outcome(Kind::cancelled), StopReason::timeout, "the attempt ran longer than 2s");
    EXPECT_EQ(ending.result["error"], "timeout: the attempt ran longer than 2s");
    EXPECT_EQ(ending.result["error_code"], "timeout");
    EXPECT_EQ(ending.log, "Failed: timeout: the attempt ran longer than 2s");
}

TEST(AttemptEndingTest, EveryEndingIsALegalMoveFromRunning) {
    for (Kind kind : kAllKinds) {
        for (StopReason reason : kAllReasons) {
            AttemptEnding ending = decide_ending(outcome(kind), reason);
            EXPECT_TRUE(task::next_status(task::Status::running, ending.event).has_value());
        }
    }
}

}  // namespace
}  // namespace dms::dispatch
