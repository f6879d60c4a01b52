// Compiled twice, as dup_a and dup_b: both claim service `dup`, so the second to load is refused.
#include <dms/sdk.hpp>

namespace {

class DupExecutor : public dms::sdk::Executor {
public:
    static dms::sdk::PluginInfo info() {
        return {DMS_DUP_NAME, "0.0.1", "Claims a service another plugin claims.", {{"dup", "Does nothing.", {}}}};
    }
    void run(dms::sdk::Task& task) override { task.set_result({{"plugin", DMS_DUP_NAME}}); }
};

}  // namespace

DMS_DECLARE_PLUGIN(DupExecutor);
