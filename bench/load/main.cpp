// dms-load: the whole-system load driver. Starts the real dms-host (or attaches to one) and measures
// submit, get, drain and mixed load over loopback, with start-up time and resident memory. See bench/README.md.
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "drain_scenario.hpp"
#include "host_session.hpp"
#include "preloader.hpp"
#include "report.hpp"
#include "rss_sampler.hpp"
#include "scenario_runner.hpp"

namespace {

using namespace dms::load;

std::string today_utc() {
    std::time_t now = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return text;
}

void describe_run(const LoadOptions& options, const HostSession& session, Report& report) {
    utsname name{};
    ::uname(&name);
    report.set_meta("date", today_utc());
    report.set_meta("machine", std::string(name.nodename) + ", " + name.release + ", " +
                                   std::to_string(std::thread::hardware_concurrency()) + " cores");
    report.set_meta("host", session.launched() ? options.host_binary.string() : options.url);
    if (session.launched()) {
        // The host binary changes as people work on it: say which build was measured.
        std::error_code error;
        auto built = std::filesystem::last_write_time(options.host_binary, error);
        if (!error) {
            auto system = std::chrono::file_clock::to_sys(built);
            std::time_t stamp = std::chrono::system_clock::to_time_t(system);
            char text[32];
            std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&stamp));
            report.set_meta("host built", std::string(text));
        }
    }
    report.set_meta("workers (noop)", options.workers);
    report.set_meta("http threads", options.http_threads);
    report.set_meta("client threads", options.client_threads);
    report.set_meta("count per step", options.count);
    report.set_meta("preload", options.preload);
}

// The whole run in the order the README describes; throws on a failure that makes the figures meaningless.
void run(const LoadOptions& options, Report& report) {
    HostSession session(options);
    describe_run(options, session, report);
    ScenarioRunner runner(options, session, report);
    if (session.launched()) {
        StartTimes times = session.start();
        report.add("startup", "listening (empty store)", times.listening_ms, "ms");
        report.add("startup", "ready (empty store)", times.ready_ms, "ms");
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        report.add("memory", "idle (empty store)", RssSampler::current_mib(session.pid()), "MiB");
        session.park_worker();
    }
    if (options.preload > 0) Preloader(options, session, runner, report).run();

    auto wants = [&options](const std::string& name) {
        return std::find(options.scenarios.begin(), options.scenarios.end(), name) != options.scenarios.end() ||
               std::find(options.scenarios.begin(), options.scenarios.end(), "all") != options.scenarios.end();
    };
    for (unsigned connections : options.connections) {
        if (!wants("submit")) break;
        runner.settle();
        runner.submit(connections);
    }
    for (unsigned connections : options.connections) {
        if (!wants("get")) break;
        runner.settle();
        runner.get(connections);
    }
    if (wants("mixed")) {
        runner.settle();
        runner.mixed();
    }
    if (wants("drain")) DrainScenario(options, session, runner, report).run();

    if (session.launched()) {
        report.add("memory", "peak under load", runner.peak_rss_mib(), "MiB");
        runner.settle();
        report.add("memory", "after the run", RssSampler::current_mib(session.pid()), "MiB");
        session.stop();
    }
}

}  // namespace

int main(int argc, char** argv) {
    LoadOptions options;
    options.host_binary = DMS_LOAD_DEFAULT_HOST;
    options.plugin_dir = DMS_LOAD_DEFAULT_PLUGINS;
    options.scenarios = {"all"};
    CLI::App app{"dms-load: whole-system load runs against dms-host over loopback"};
    app.add_option("--host-binary", options.host_binary, "dms-host to start")->capture_default_str();
    app.add_option("--plugin-dir", options.plugin_dir, "where libdms_noop.so and libdms_sleep.so are")
        ->capture_default_str();
    app.add_option("--url", options.url,
                   "attach to a running host (http://127.0.0.1:8000[/api/v1]); no drain, no memory");
    app.add_option("--token", options.operator_token, "operator token of an attached host (for /admin/stats)");
    app.add_option("--workers", options.workers, "workers serving noop (one more is started and parked)")
        ->capture_default_str()
        ->check(CLI::Range(1u, 1000u));
    app.add_option("--http-threads", options.http_threads, "DMS_HTTP_THREADS of the host")->capture_default_str();
    app.add_option("--client-threads", options.client_threads, "io threads of the driver per loop")
        ->capture_default_str()
        ->check(CLI::Range(1u, 64u));
    app.add_option("--scenario", options.scenarios, "submit, get, mixed, drain or all (repeat or comma-separate)")
        ->delimiter(',')
        ->check(CLI::IsMember({"submit", "get", "mixed", "drain", "all"}))
        ->capture_default_str();
    app.add_option("-c,--connections", options.connections, "connection counts of submit and get")
        ->delimiter(',')
        ->capture_default_str();
    app.add_option("-n,--count", options.count, "requests per step (and tasks drained)")->capture_default_str();
    app.add_option("--max-seconds", options.max_seconds, "a step ends early after this")->capture_default_str();
    app.add_option("--mixed-seconds", options.mixed_seconds, "length of the mixed scenario")->capture_default_str();
    app.add_option("--preload", options.preload, "queued tasks to put in the store first")->capture_default_str();
    app.add_option("--get-ids", options.get_ids, "distinct tasks the get scenario reads")->capture_default_str();
    app.add_option("--host-env", options.host_env,
                   "NAME=VALUE setting of the started host, repeatable (e.g. DMS_STORE=redis)")
        ->check([](const std::string& text) {
            return text.rfind("DMS_", 0) == 0 && text.find('=') != std::string::npos ? std::string()
                                                                                   : "expected DMS_NAME=VALUE";
        });
    app.add_flag("--json", options.json, "print JSON instead of the table");
    CLI11_PARSE(app, argc, argv);

    Report report;
    try {
        run(options, report);
    } catch (const std::exception& error) {
        report.add_error("run", 1, error.what());
    }
    if (options.json) {
        std::cout << report.to_json().dump(2) << "\n";
    } else {
        report.print_table(std::cout);
    }
    return report.has_errors() ? 1 : 0;
}
