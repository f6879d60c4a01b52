// The smallest third-party plugin: service `hello` greets whoever the `name` parameter names.
#include <string>

#include <dms/sdk.hpp>

namespace {

class HelloExecutor : public dms::sdk::Executor {
public:
    static dms::sdk::PluginInfo info() {
        const nlohmann::json parameters = nlohmann::json::array({{{"name", "name"},
                                                                  {"type", "string"},
                                                                  {"required", false},
                                                                  {"description", "Who to greet."},
                                                                  {"default", "world"}}});
        return {"hello",
                "1.0.0",
                "Greets: built out of tree against the installed SDK.",
                {{"hello", "Sets {\"greeting\": \"hello, <name>\"} as the result.", parameters}}};
    }

    void validate(std::string_view, const nlohmann::json& parameters) override {
        for (const auto& [key, value] : parameters.items()) {
            if (key != "name") throw dms::sdk::InvalidParameters("unknown parameter '" + key + "'");
            if (!value.is_string()) throw dms::sdk::InvalidParameters("parameter 'name' must be a string");
        }
    }

    void run(dms::sdk::Task& task) override {
        const std::string name = task.parameters().value("name", "world");
        task.info("greeting " + name);
        task.set_result({{"greeting", "hello, " + name}});
    }
};

}  // namespace

DMS_DECLARE_PLUGIN(HelloExecutor);
