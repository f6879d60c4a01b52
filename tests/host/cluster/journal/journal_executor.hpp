#pragma once

#include <dms/sdk.hpp>

namespace dms::test_plugins {

// Sleeps like `sleep` and appends each attempt's start and end to a journal file, so that a test over several
// hosts can prove that no task ran in two places at once. A line is
// "<start|end> <task_id> <attempt> <pid> <steady_clock nanoseconds>", written with one append.
class JournalExecutor : public sdk::Executor {
public:
    static sdk::PluginInfo info();

    // Requires `journal` (an absolute path) and `ms` (a whole number of milliseconds, at most 60,000).
    void validate(std::string_view service, const nlohmann::json& parameters) override;

    // Journals the start, sleeps in slices honouring cancel, journals the end (also when cancelled).
    void run(sdk::Task& task) override;
};

}  // namespace dms::test_plugins
