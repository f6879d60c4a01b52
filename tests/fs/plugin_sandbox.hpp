#pragma once

#include <dms/sdk_fake.hpp>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"

namespace dms::test {

// A fake host running one transfer executor whose allowed root is a fresh folder `root()`, with a
// sibling `outside()` folder that no task may touch.
template <class Executor>
class PluginSandbox {
 public:
    PluginSandbox() {
        std::filesystem::create_directories(root());
        std::filesystem::create_directories(outside());
        sdk::testing::FakeHost::set_setting("DMS_COPY_ALLOWED_ROOTS", root().string());
        sdk::testing::FakeHost::set_setting("DMS_SYNC_ALLOWED_ROOTS", root().string());
    }

    std::filesystem::path root() const { return dir_.path() / "root"; }
    std::filesystem::path outside() const { return dir_.path() / "outside"; }
    sdk::testing::FakeHost& host() { return host_; }

    // Runs attempt `attempt` of a task, with an earlier attempt's cursor.
    sdk::testing::RunReport run(const nlohmann::json& parameters, const std::string& cursor = "",
                                std::uint32_t attempt = 1) {
        sdk::testing::TaskRequest request(service(), parameters);
        request.resume_cursor = cursor;
        request.attempt = attempt;
        return host_.run(request);
    }

    // @return nothing when validate accepts, else its message
    std::optional<std::string> validate(const nlohmann::json& parameters) const {
        return host_.validate(service(), parameters);
    }

 private:
    static std::string service() { return Executor::info().services.at(0).name; }

    TempDir dir_;
    sdk::testing::FakeHost host_{&sdk::plugin_init<Executor>};
};

}  // namespace dms::test
