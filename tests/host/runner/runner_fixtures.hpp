#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "plugin/plugin_registry.hpp"
#include "runner/runner_settings.hpp"

namespace dms::runner::test {

using namespace std::chrono_literals;

// AddressSanitizer reserves terabytes of address space at start, so RLIMIT_AS cannot be tested under it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// The plugins these tests run: chaos (the fault injector), spin (burns CPU) and echo.
std::filesystem::path chaos_plugin();
std::filesystem::path spin_plugin();
std::filesystem::path echo_plugin();

// Settings for the build tree's dms-runner.
RunnerSettings runner_settings(config::RunnerLimits limits = {}, std::chrono::milliseconds cancel_grace = 500ms);

// A first attempt of `service` with `parameters`, for task `task_id`.
plugin::RunRequest run_request(std::string service, nlohmann::json parameters,
                               std::string task_id = "0190f0c2-0000-7000-8000-000000000001");

// How many processes have `text` in their command line, e.g. runners started with --task-id <id>.
int processes_with_argument(const std::string& text);

// True when this process has no child left, running or zombie.
bool has_no_children();

}  // namespace dms::runner::test
