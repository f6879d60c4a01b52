#include "support/test_host.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <thread>

namespace dms::test {

bool wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds timeout,
                std::chrono::milliseconds every) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (predicate()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(every);
    }
}

std::filesystem::path bundled_plugin(std::string_view name) {
    return std::filesystem::path(DMS_BUNDLED_PLUGIN_DIR) / ("libdms_" + std::string(name) + ".so");
}

std::filesystem::path test_plugin(std::string_view test_case, std::string_view name) {
    return std::filesystem::path(DMS_TEST_PLUGIN_DIR) / std::string(test_case) /
           ("libdms_" + std::string(name) + ".so");
}

std::filesystem::path make_plugin_dir(const std::filesystem::path& dir,
                                      const std::vector<std::filesystem::path>& plugins) {
    std::filesystem::create_directories(dir);
    for (const auto& plugin : plugins) {
        if (!std::filesystem::exists(plugin)) throw std::runtime_error("plugin not built: " + plugin.string());
        auto link = dir / plugin.filename();
        // A restarted host may make the same directory again.
        if (std::filesystem::is_symlink(link)) std::filesystem::remove(link);
        std::filesystem::create_symlink(plugin, link);
    }
    return dir;
}

config::Config test_config(const std::filesystem::path& root) {
    config::Config config;
    config.host = "127.0.0.1";
    config.port = 0;
    config.data_dir = root / "data";
    // Only the plugins these tests are written for, however many more the build bundles.
    config.plugin_dir = make_plugin_dir(root / "bundled-plugins", {bundled_plugin("noop"), bundled_plugin("sleep")});
    config.operator_token = std::string(kTestToken);
    config.ui_dir = DMS_SOURCE_UI_DIR;  // the dashboard of this source tree, at /ui
    config.timezone = "UTC";
    config.worker_count = 2;
    config.http_threads = 2;
    config.shutdown_grace_seconds = 2;
    config.cancel_grace_seconds = 1;
    config.lease_seconds = 5;
    config.request_timeout_seconds = 5;
    return config;
}

TestHost::TestHost(const Adjust& adjust) : config_(test_config(dir_.path())), client_(0) {
    // Request lines and task transitions would drown a failing test's output; warnings still show.
    spdlog::set_level(spdlog::level::warn);
    if (adjust) adjust(config_, dir_.path());
    config::validate(config_);
    app_ = std::make_unique<app::Application>(config_);
    app_->start();
    client_ = HttpClient(app_->port());
}

TestHost::~TestHost() { shutdown(); }

void TestHost::shutdown() {
    if (app_) app_->shutdown();
}

std::string tasks_path(std::string_view service, std::string_view user, std::string_view query) {
    std::string path =
        std::string(kApi) + "/services/" + std::string(service) + "/users/" + std::string(user) + "/tasks";
    if (!query.empty()) path += "?" + std::string(query);
    return path;
}

std::string task_path(std::string_view service, std::string_view id, std::string_view user, std::string_view suffix) {
    return std::string(kApi) + "/services/" + std::string(service) + "/tasks/" + std::string(id) + std::string(suffix) +
           "?user_id=" + std::string(user);
}

nlohmann::json submit_task(HttpClient& client, std::string_view service, std::string_view user, std::string_view query,
                           std::string_view body) {
    Headers headers;
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    Response response = client.post(tasks_path(service, user, query), body, headers);
    EXPECT_EQ(response.status, 202u) << response.describe();
    if (response.status != 202) throw std::runtime_error("submit refused: " + response.describe());
    return response.json();
}

nlohmann::json get_task(HttpClient& client, std::string_view service, std::string_view user, std::string_view id) {
    Response response = client.get(task_path(service, id, user));
    if (response.status != 200) throw std::runtime_error("GET task failed: " + response.describe());
    return response.json();
}

nlohmann::json wait_for_status(HttpClient& client, std::string_view service, std::string_view user, std::string_view id,
                               std::string_view status, std::chrono::milliseconds timeout) {
    nlohmann::json task;
    bool reached = wait_until(
        [&] {
            task = get_task(client, service, user, id);
            return task["status"] == status;
        },
        timeout);
    EXPECT_TRUE(reached) << "task " << id << " did not become " << status << " within " << timeout.count()
                         << " ms; last seen: " << task.dump();
    return task;
}

nlohmann::json wait_for_progress(HttpClient& client, std::string_view service, std::string_view user,
                                 std::string_view id, std::string_view message, std::chrono::milliseconds timeout) {
    nlohmann::json task;
    bool reached = wait_until(
        [&] {
            task = get_task(client, service, user, id);
            return task["progress"]["message"] == message;
        },
        timeout);
    EXPECT_TRUE(reached) << "task " << id << " reported no progress '" << message << "' within " << timeout.count()
                         << " ms; last seen: " << task.dump();
    return task;
}

Response TestHost::admin_get(std::string_view path) {
    return client_.get(std::string(kApi) + std::string(path), operator_headers());
}
Response TestHost::admin_post(std::string_view path, std::string_view body) {
    return client_.post(std::string(kApi) + std::string(path), body, operator_headers());
}
Response TestHost::admin_put(std::string_view path, std::string_view body) {
    return client_.put(std::string(kApi) + std::string(path), body, operator_headers());
}
Response TestHost::admin_del(std::string_view path) {
    return client_.del(std::string(kApi) + std::string(path), operator_headers());
}

Headers operator_headers(std::string_view token) { return {{"X-Operator-Token", std::string(token)}}; }

bool has_log_containing(const nlohmann::json& task, std::string_view text) {
    if (!task.contains("logs")) return false;
    for (const auto& line : task["logs"]) {
        if (line.is_string() && line.get<std::string>().find(text) != std::string::npos) return true;
    }
    return false;
}

}  // namespace dms::test
