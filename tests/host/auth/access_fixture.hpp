#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "support/test_host.hpp"

namespace dms::test {

// A scheduled task stays put until cancelled: what each refused request must leave exactly as it was.
inline constexpr std::string_view kFarFuture = R"({"parameters": {"seconds": 60}, "run_at": "2030-01-01T00:00:00Z"})";

inline Headers key_headers(std::string_view key) { return {{"x-api-key", std::string(key)}}; }

// A host with DMS_AUTH_MODE=api-key and helpers to make keys through the admin routes.
class AccessFixture {
 public:
    explicit AccessFixture(const TestHost::Adjust& adjust = {})
        : host_([&adjust](config::Config& config, const std::filesystem::path& root) {
              config.auth_mode = "api-key";
              if (adjust) adjust(config, root);
          }) {}

    // Creates a key with the operator token; returns the answer's JSON (with "key").
    nlohmann::json create_key(const nlohmann::json& request) {
        Response response = host_.admin_post("/admin/keys", request.dump());
        if (response.status != 201) throw std::runtime_error("key not created: " + response.describe());
        return response.json();
    }

    std::string user_key(std::string_view tenant, std::string_view user,
                         nlohmann::json permissions = {"submit", "read", "cancel", "delete"}) {
        return create_key({{"tenant", tenant}, {"user_id", user}, {"permissions", permissions}})["key"];
    }

    // Submits as the key's holder, scheduled far ahead; returns the task id.
    std::string scheduled_task(std::string_view key, std::string_view user) {
        Response response = host_.client().post(TestHost::tasks_path("sleep", user), kFarFuture, key_headers(key));
        if (response.status != 202) throw std::runtime_error("not submitted: " + response.describe());
        return response.json()["task_id"];
    }

    TestHost& host() { return host_; }

 protected:
    TestHost host_;
};

}  // namespace dms::test
