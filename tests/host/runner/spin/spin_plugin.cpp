// spin: burns CPU until cancelled, so a test can watch RLIMIT_CPU end a runner (chaos only sleeps or leaks).
#include <dms/sdk.hpp>

class SpinExecutor : public dms::sdk::Executor {
 public:
    static dms::sdk::PluginInfo info() {
        return {"spin",
                "1.0.0",
                "Burns CPU until cancelled.",
                {{"spin", "Spins on one core until cancelled.", nlohmann::json::array()}}};
    }

    void validate(std::string_view, const nlohmann::json&) override {}

    void run(dms::sdk::Task& task) override {
        while (!task.cancelled()) {
        }
        throw dms::sdk::Cancelled();
    }
};

DMS_DECLARE_PLUGIN(SpinExecutor);
