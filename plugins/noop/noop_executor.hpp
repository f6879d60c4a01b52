#pragma once

#include <dms/sdk.hpp>

namespace dms::plugins {

// The smallest useful executor: proves the host, queue and store end to end without doing any work.
class NoopExecutor : public sdk::Executor {
public:
    static sdk::PluginInfo info();

    // Accepts any parameters and ignores them.
    void run(sdk::Task& task) override;
};

}  // namespace dms::plugins
