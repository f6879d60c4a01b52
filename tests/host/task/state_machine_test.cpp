#include "task/state_machine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <utility>

namespace dms::task {
namespace {

// The whole machine written out once more by hand: every (status, event) pair and where it leads.
const std::map<std::pair<Status, Event>, Status> kExpected = {
    {{Status::queued, Event::lease}, Status::running},
    {{Status::queued, Event::cancel}, Status::cancelled},
    {{Status::running, Event::succeed}, Status::completed},
    {{Status::running, Event::fail}, Status::failed},
    {{Status::running, Event::cancel}, Status::cancelled},
    {{Status::running, Event::requeue}, Status::queued},
    {{Status::running, Event::retry}, Status::retrying},
    {{Status::retrying, Event::lease}, Status::running},
    {{Status::retrying, Event::cancel}, Status::cancelled},
    {{Status::scheduled, Event::lease}, Status::running},
    {{Status::scheduled, Event::cancel}, Status::cancelled},
    {{Status::failed, Event::resubmit}, Status::queued},
};

TEST(StateMachineTest, EveryStatusAndEventPairIsAllowedOrRefusedExactlyAsSpecified) {
    int checked = 0;
    for (Status from : kAllStatuses) {
        for (Event event : kAllEvents) {
            auto expected = kExpected.find({from, event});
            auto actual = next_status(from, event);
            if (expected == kExpected.end()) {
                EXPECT_FALSE(actual.has_value()) << to_string(from) << " + " << to_string(event);
            } else {
                ASSERT_TRUE(actual.has_value()) << to_string(from) << " + " << to_string(event);
                EXPECT_EQ(*actual, expected->second) << to_string(from) << " + " << to_string(event);
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, 49);  // 7 statuses x 7 events
}

TEST(StateMachineTest, NothingLeavesAFinalStatusButAnOperatorsRetryOfAFailedTask) {
    for (Status from : kAllStatuses) {
        if (!is_final(from)) continue;
        for (Event event : kAllEvents) {
            bool retry_of_failed = from == Status::failed && event == Event::resubmit;
            EXPECT_EQ(next_status(from, event).has_value(), retry_of_failed) << to_string(from) << " + " << to_string(event);
        }
    }
}

TEST(StateMachineTest, CancellingACompletedTaskIsIllegal) {
    EXPECT_FALSE(next_status(Status::completed, Event::cancel).has_value());
}

TEST(StateMachineTest, TheTableListsEachPairOnce) {
    std::map<std::pair<Status, Event>, int> seen;
    for (const Transition& transition : transitions()) ++seen[{transition.from, transition.event}];
    for (const auto& [pair, count] : seen) EXPECT_EQ(count, 1);
    EXPECT_EQ(transitions().size(), kExpected.size());
}

}  // namespace
}  // namespace dms::task
