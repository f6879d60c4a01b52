// dms-runner: runs one attempt of a DMS task in a process of its own, for dms-host, which starts it with a
// socket on fd 3 (see runner/runner_protocol.hpp). Not for people to start.
#include <CLI/CLI.hpp>

#include "runner/runner_attempt.hpp"

int main(int argc, char** argv) {
    dms::runner::RunnerOptions options;
    CLI::App app{"dms-runner: runs one attempt of a DMS task for dms-host, which starts it (socket on fd 3)"};
    app.add_option("--plugin", options.plugin_file, "The plugin's shared library")->required();
    app.add_option("--task-id", options.task_id, "The task, for ps and error lines");
    app.add_option("--cpu-seconds", options.limits.cpu_seconds, "RLIMIT_CPU (0: none)")->check(CLI::NonNegativeNumber);
    app.add_option("--memory-mb", options.limits.memory_mb, "RLIMIT_AS in MiB (0: none)");
    app.add_option("--open-files", options.limits.open_files, "RLIMIT_NOFILE (0: none)");
    CLI11_PARSE(app, argc, argv);
    return dms::runner::run_runner_attempt(options);
}
