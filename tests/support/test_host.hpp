#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/application.hpp"
#include "config/config.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

namespace dms::test {

inline constexpr std::string_view kTestToken = "test-token";
inline constexpr std::string_view kApi = "/api/v1";

// Polls `predicate` every `every` until it holds or `timeout` passes. Returns whether it held.
bool wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                std::chrono::milliseconds every = std::chrono::milliseconds(10));

// The .so of a bundled plugin (noop, sleep) and of a test plugin (tests/plugins/<case>/libdms_<name>.so).
std::filesystem::path bundled_plugin(std::string_view name);
std::filesystem::path test_plugin(std::string_view test_case, std::string_view name);

// Makes `dir` a plugin directory holding symlinks to `plugins` (again, if it exists); returns `dir`.
std::filesystem::path make_plugin_dir(const std::filesystem::path& dir,
                                      const std::vector<std::filesystem::path>& plugins);

// {prefix}/services/{service}/users/{user}/tasks[?query]
std::string tasks_path(std::string_view service, std::string_view user, std::string_view query = "");
// {prefix}/services/{service}/tasks/{id}{suffix}?user_id={user}, e.g. suffix "/cancel".
std::string task_path(std::string_view service, std::string_view id, std::string_view user,
                      std::string_view suffix = "");

// Submits over HTTP and expects 202 (throws otherwise); returns the task as answered.
nlohmann::json submit_task(HttpClient& client, std::string_view service, std::string_view user,
                           std::string_view query = "", std::string_view body = "");
// GET of a task that must exist (throws otherwise).
nlohmann::json get_task(HttpClient& client, std::string_view service, std::string_view user, std::string_view id);
// Polls the task until its status is `status`; adds a test failure saying what it last saw when it does not
// get there within `timeout`. Returns the task as last seen.
nlohmann::json wait_for_status(HttpClient& client, std::string_view service, std::string_view user, std::string_view id,
                               std::string_view status, std::chrono::milliseconds timeout = std::chrono::seconds(10));
// Polls the task until its plugin has reported progress with this message. "running" alone means leased: a leased
// task may not have reached its plugin yet, and a stop or cancel then ends it unstarted.
nlohmann::json wait_for_progress(HttpClient& client, std::string_view service, std::string_view user,
                                 std::string_view id, std::string_view message,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A configuration for tests: loopback port 0, a data directory under `root`, the bundled plugins, the
// token "test-token", UTC, two workers and short grace, lease and timeout values.
config::Config test_config(const std::filesystem::path& root);

// An Application running in this process on a free port, in its own temporary folder, with a client.
class TestHost {
 public:
    using Adjust = std::function<void(config::Config&, const std::filesystem::path& root)>;

    // `adjust` may change the configuration before the host starts (it gets the temporary folder).
    explicit TestHost(const Adjust& adjust = {});
    ~TestHost();

    app::Application& app() { return *app_; }
    std::uint16_t port() const { return app_->port(); }
    const config::Config& config() const { return config_; }
    const std::filesystem::path& root() const { return dir_.path(); }
    HttpClient& client() { return client_; }

    // Stops the application (idempotent); the folder stays until destruction.
    void shutdown();

    static std::string tasks_path(std::string_view service, std::string_view user, std::string_view query = "") {
        return test::tasks_path(service, user, query);
    }
    static std::string task_path(std::string_view service, std::string_view id, std::string_view user,
                                 std::string_view suffix = "") {
        return test::task_path(service, id, user, suffix);
    }

    // The free functions above, on this host's client.
    nlohmann::json submit(std::string_view service, std::string_view user, std::string_view query = "",
                          std::string_view body = "") {
        return submit_task(client_, service, user, query, body);
    }
    nlohmann::json get_task(std::string_view service, std::string_view user, std::string_view id) {
        return test::get_task(client_, service, user, id);
    }
    nlohmann::json wait_for_status(std::string_view service, std::string_view user, std::string_view id,
                                   std::string_view status,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        return test::wait_for_status(client_, service, user, id, status, timeout);
    }
    nlohmann::json wait_for_progress(std::string_view service, std::string_view user, std::string_view id,
                                     std::string_view message,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        return test::wait_for_progress(client_, service, user, id, message, timeout);
    }

    // Operator requests with the right token.
    Response admin_get(std::string_view path);
    Response admin_post(std::string_view path, std::string_view body = "");
    Response admin_put(std::string_view path, std::string_view body);
    Response admin_del(std::string_view path);

 private:
    TempDir dir_;
    config::Config config_;
    std::unique_ptr<app::Application> app_;
    HttpClient client_;
};

// Headers carrying the test token.
Headers operator_headers(std::string_view token = kTestToken);

// True when any log line of `task` contains `text`.
bool has_log_containing(const nlohmann::json& task, std::string_view text);

}  // namespace dms::test
