#include "runner/runner_attempt.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "plugin/host_settings.hpp"
#include "plugin/plugin_loader.hpp"
#include "runner/host_link.hpp"
#include "runner/resource_limits.hpp"
#include "runner/runner_protocol.hpp"

namespace dms::runner {
namespace {

constexpr int kExitNoHost = 2;  // started without the socket, or it said nothing useful

plugin::RunOutcome failure(std::string message) {
    plugin::RunOutcome outcome;
    outcome.message = std::move(message);
    return outcome;
}

// The attempt is over: plugin threads may still be running, and static destructors and unloading could
// crash under them, so the process ends here without either.
[[noreturn]] void finish(HostLink& host, const plugin::RunOutcome& outcome) {
    host.send_outcome(outcome);
    spdlog::default_logger()->flush();
    std::fflush(nullptr);
    ::_exit(0);
}

// A plugin's std::bad_alloc under a memory limit is the limit at work: say which.
plugin::RunOutcome explain_out_of_memory(plugin::RunOutcome outcome, const config::RunnerLimits& limits) {
    if (outcome.kind == plugin::RunOutcome::Kind::error && limits.memory_mb > 0 &&
        outcome.message == "std::bad_alloc") {
        outcome.message =
            "plugin ran out of memory under its limit of " + std::to_string(limits.memory_mb) + " MiB (std::bad_alloc)";
    }
    return outcome;
}

bool provides(const plugin::LoadedPlugin& plugin, const std::string& service) {
    const auto& services = plugin.description().services;
    return std::any_of(services.begin(), services.end(), [&](const auto& info) { return info.name == service; });
}

}  // namespace

int run_runner_attempt(const RunnerOptions& options) {
    // Lines the plugin logs for the host (host_log) go to stderr, which the host drains into its debug log.
    spdlog::set_default_logger(spdlog::stderr_logger_mt("dms-runner"));
    // Nothing the plugin starts may hold the socket: the host must see end-of-file when this process ends.
    if (::fcntl(kRunnerSocketFd, F_SETFD, FD_CLOEXEC) != 0) {
        std::fprintf(stderr, "dms-runner: no socket on fd %d; dms-runner is started by dms-host\n", kRunnerSocketFd);
        return kExitNoHost;
    }
    // Should the host die without closing the socket in time, this process goes with it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);

    HostLink host(kRunnerSocketFd);
    RunFrame run;
    try {
        run = host.receive_run();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "dms-runner: task %s: %s\n", options.task_id.c_str(), error.what());
        return kExitNoHost;
    }
    plugin::publish_host_settings(run.settings);
    // Before the limits: a thread's stack counts against the address space limit.
    host.start_listening();
    try {
        apply_resource_limits(options.limits);
    } catch (const std::exception& error) {
        finish(host, failure(std::string("plugin runner cannot apply its limits: ") + error.what()));
    }

    std::shared_ptr<plugin::LoadedPlugin> plugin;
    try {
        plugin = plugin::PluginLoader::load(options.plugin_file);
    } catch (const std::exception& error) {
        finish(host, failure(std::string("plugin runner cannot load the plugin: ") + error.what()));
    }
    if (!provides(*plugin, run.request.service)) {
        finish(host, failure("plugin '" + plugin->name() + "' does not provide service '" + run.request.service + "'"));
    }
    finish(host, explain_out_of_memory(plugin->run(run.request, host), options.limits));
}

}  // namespace dms::runner
