#include "host_session.hpp"

#include <stdlib.h>

#include <chrono>
#include <random>
#include <stdexcept>
#include <thread>

#include "sync_client.hpp"

namespace dms::load {
namespace {

using Clock = std::chrono::steady_clock;

std::string random_token() {
    std::random_device device;
    std::string token = "load-";
    for (int i = 0; i < 24; ++i) token += "0123456789abcdef"[device() % 16];
    return token;
}

std::filesystem::path make_temp_root() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dms-load-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    return pattern;
}

// A plugin folder holding only what the run uses, linked from the build's plugins.
std::filesystem::path make_plugin_dir(const std::filesystem::path& root, const std::filesystem::path& from) {
    auto dir = root / "plugins";
    std::filesystem::create_directories(dir);
    for (const char* name : {"libdms_noop.so", "libdms_sleep.so"}) {
        auto source = std::filesystem::absolute(from / name);
        if (!std::filesystem::exists(source)) {
            throw std::runtime_error("no " + source.string() + " (build the plugins, or pass --plugin-dir)");
        }
        std::filesystem::create_symlink(source, dir / name);
    }
    return dir;
}

}  // namespace

HostSession::HostSession(const LoadOptions& options) : options_(options) {
    if (!options_.url.empty()) {
        address_ = HostAddress::parse(options_.url);
        token_ = options_.operator_token;
        return;
    }
    token_ = options_.operator_token.empty() ? random_token() : options_.operator_token;
    root_ = make_temp_root();
    HostSettings settings;
    settings.binary = options_.host_binary;
    settings.work_dir = root_;
    settings.data_dir = root_ / "data";
    settings.plugin_dir = make_plugin_dir(root_, options_.plugin_dir);
    settings.operator_token = token_;
    settings.workers = options_.workers + 1;
    settings.http_threads = options_.http_threads;
    settings.env["DMS_SERVICE_CONCURRENCY"] = "sleep=1";
    for (const std::string& setting : options_.host_env) {
        auto equals = setting.find('=');
        settings.env[setting.substr(0, equals)] = setting.substr(equals + 1);
    }
    launcher_ = std::make_unique<HostLauncher>(std::move(settings));
}

HostSession::~HostSession() {
    launcher_.reset();  // kills a host still running
    if (!root_.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }
}

StartTimes HostSession::start(unsigned workers) {
    if (!launcher_) throw std::logic_error("an attached host is not started by the driver");
    launcher_->set_workers(workers != 0 ? workers : options_.workers + 1);
    StartTimes times = launcher_->start();
    address_.port = launcher_->address().port;
    return times;
}

void HostSession::stop() {
    if (!launcher_) throw std::logic_error("an attached host is not stopped by the driver");
    int exit = launcher_->stop();
    if (exit != 0)
        throw std::runtime_error("dms-host exited with " + std::to_string(exit) + ":\n" + launcher_->log_tail());
}

void HostSession::park_worker() {
    SyncClient client(address_, token_);
    if (!parked_) {
        Reply reply = client.request(boost::beast::http::verb::post, address_.tasks_path("sleep", "load-park"),
                                     R"({"priority":"high","parameters":{"seconds":86400}})");
        if (reply.status != 202) throw std::runtime_error("cannot park a worker: " + reply.body);
        parked_ = true;
    }
    auto deadline = Clock::now() + std::chrono::seconds(30);
    while (count(stats(), "sleep", "running") < 1) {
        if (Clock::now() >= deadline) throw std::runtime_error("the parking sleep task did not start within 30 s");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void HostSession::set_paused(const std::string& service, bool paused) {
    SyncClient client(address_, token_);
    std::string target = address_.prefix + "/admin/services/" + service + (paused ? "/pause" : "/resume");
    Reply reply = client.request(boost::beast::http::verb::post, target);
    if (reply.status != 200) {
        throw std::runtime_error("POST " + target + " answered " + std::to_string(reply.status) + ": " +
                                 reply.body.substr(0, 200));
    }
}

nlohmann::json HostSession::stats() {
    SyncClient client(address_, token_);
    Reply reply = client.get(address_.prefix + "/admin/stats");
    if (reply.status != 200) {
        throw std::runtime_error("GET /admin/stats answered " + std::to_string(reply.status) +
                                 " (pass --token?): " + reply.body.substr(0, 200));
    }
    return nlohmann::json::parse(reply.body);
}

std::size_t HostSession::count(const nlohmann::json& stats, const std::string& service, const std::string& status) {
    auto by_service = stats.find("by_service");
    if (by_service == stats.end() || !by_service->contains(service)) return 0;
    const auto& counts = (*by_service)[service];
    return counts.contains(status) ? counts[status].get<std::size_t>() : 0;
}

}  // namespace dms::load
