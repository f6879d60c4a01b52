// Throws from its hooks: the SDK must turn every exception into a status and a message.
#include <stdexcept>

#include <dms/sdk.hpp>

namespace {

class ThrowsExecutor : public dms::sdk::Executor {
public:
    static dms::sdk::PluginInfo info() {
        return {"throws",
                "0.0.1",
                "Throws.",
                {{"throw_std", "Throws std::runtime_error from run.", {}},
                 {"throw_other", "Throws an int from run, and from validate when asked to.", {}}}};
    }

    void validate(std::string_view, const nlohmann::json& parameters) override {
        if (parameters.contains("explode")) throw 42;
        if (parameters.contains("refuse")) throw dms::sdk::InvalidParameters("refused: " + parameters.dump());
    }

    void run(dms::sdk::Task& task) override {
        task.info("about to throw");
        if (task.service() == "throw_std") throw std::runtime_error("disk on fire");
        throw 42;
    }
};

}  // namespace

DMS_DECLARE_PLUGIN(ThrowsExecutor);
