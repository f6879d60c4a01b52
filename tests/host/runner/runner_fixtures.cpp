#include "runner_fixtures.hpp"

#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "config/config_loader.hpp"
#include "support/test_host.hpp"

namespace dms::runner::test {
namespace {

// Under AddressSanitizer a runner would report a SIGSEGV itself and exit 1; these tests want the signal. The
// runners inherit this process's environment.
[[maybe_unused]] const bool kRunnersKeepSegv = [] {
    if (!kAddressSanitizer) return false;
    const char* options = std::getenv("ASAN_OPTIONS");
    const std::string before = options != nullptr && *options != '\0' ? std::string(options) + ":" : "";
    return ::setenv("ASAN_OPTIONS", (before + "handle_segv=0").c_str(), 1) == 0;
}();

}  // namespace

std::filesystem::path chaos_plugin() { return DMS_CHAOS_PLUGIN; }
std::filesystem::path spin_plugin() { return DMS_SPIN_PLUGIN; }
std::filesystem::path echo_plugin() { return dms::test::test_plugin("echo", "echo"); }

RunnerSettings runner_settings(config::RunnerLimits limits, std::chrono::milliseconds cancel_grace) {
    return RunnerSettings{config::default_runner_path(), limits, cancel_grace};
}

plugin::RunRequest run_request(std::string service, nlohmann::json parameters, std::string task_id) {
    return plugin::RunRequest{std::move(task_id), std::move(service), "ann", std::move(parameters), "", 1};
}

int processes_with_argument(const std::string& text) {
    int count = 0;
    std::error_code error;
    for (std::filesystem::directory_iterator it("/proc", error), end; !error && it != end; it.increment(error)) {
        std::ifstream file(it->path() / "cmdline", std::ios::binary);
        const std::string command_line((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (command_line.find(text) != std::string::npos) ++count;
    }
    return count;
}

bool has_no_children() { return ::waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD; }

}  // namespace dms::runner::test
