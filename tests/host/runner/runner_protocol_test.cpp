// The frames of runner_protocol.hpp: each reads back as written, and a wrong member is MalformedFrame.
#include <gtest/gtest.h>

#include "runner/frame_decoder.hpp"
#include "runner/runner_protocol.hpp"

namespace dms::runner {
namespace {

using plugin::RunOutcome;

TEST(RunnerProtocolTest, TheRunFrameCarriesTheWholeRequestAndTheSettings) {
    RunFrame run{{"t-1", "copy", "ann", {{"source", "a"}, {"n", 3}}, "cursor-9", 4}, {{"DMS_DATA_DIR", "/data"}}};
    const RunFrame back = read_run_frame(run_frame(run));
    EXPECT_EQ(back.request.task_id, "t-1");
    EXPECT_EQ(back.request.service, "copy");
    EXPECT_EQ(back.request.user_id, "ann");
    EXPECT_EQ(back.request.parameters, run.request.parameters);
    EXPECT_EQ(back.request.resume_cursor, "cursor-9");
    EXPECT_EQ(back.request.attempt, 4);
    EXPECT_EQ(back.settings, run.settings);
}

TEST(RunnerProtocolTest, OutcomesReadBackWithTheirKindMessagePermanenceAndResult) {
    RunOutcome failed{RunOutcome::Kind::error, true, "no such file", {{"copied", 2}}};
    const RunOutcome back = read_outcome(outcome_frame(failed));
    EXPECT_EQ(back.kind, RunOutcome::Kind::error);
    EXPECT_TRUE(back.permanent);
    EXPECT_EQ(back.message, "no such file");
    EXPECT_EQ(back.result, failed.result);
    EXPECT_EQ(read_outcome(outcome_frame(RunOutcome{RunOutcome::Kind::cancelled, false, "", {}})).kind,
              RunOutcome::Kind::cancelled);
    EXPECT_EQ(read_outcome(outcome_frame(RunOutcome{RunOutcome::Kind::ok, false, "", {}})).kind, RunOutcome::Kind::ok);
}

TEST(RunnerProtocolTest, ReportsReadBack) {
    const task::Progress progress{5, 10, "files", "halfway"};
    EXPECT_EQ(read_progress(progress_frame(progress)), progress);
    EXPECT_EQ(read_log_level(log_frame(plugin::LogLevel::warn, "careful")), plugin::LogLevel::warn);
    EXPECT_EQ(read_log_message(log_frame(plugin::LogLevel::warn, "careful")), "careful");
    const CheckpointReport checkpoint = read_checkpoint(checkpoint_frame("c-7", 7));
    EXPECT_EQ(checkpoint.cursor, "c-7");
    EXPECT_EQ(checkpoint.sequence, 7u);
    EXPECT_EQ(read_checkpointed(checkpointed_frame(7)), 7u);
}

TEST(RunnerProtocolTest, AMissingOrWrongMemberIsMalformed) {
    EXPECT_THROW(read_outcome({{"type", "outcome"}, {"status", "exploded"}}), MalformedFrame);
    EXPECT_THROW(read_outcome({{"type", "outcome"}, {"status", "ok"}, {"result", 3}}), MalformedFrame);
    EXPECT_THROW(read_progress({{"type", "progress"}, {"done", "lots"}, {"total", 1}}), MalformedFrame);
    EXPECT_THROW(read_run_frame({{"type", "cancel"}}), MalformedFrame);
    EXPECT_THROW(read_checkpoint({{"type", "checkpoint"}, {"cursor", "c"}}), MalformedFrame);
}

TEST(RunnerProtocolTest, AnErrorWithoutAMessageGetsOne) {
    const RunOutcome back = read_outcome({{"type", "outcome"}, {"status", "error"}});
    EXPECT_FALSE(back.message.empty());
}

}  // namespace
}  // namespace dms::runner
