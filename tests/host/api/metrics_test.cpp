// GET /metrics over real HTTP against an in-process host: the text format, the task and HTTP series after real
// requests and tasks, and Debian's promtool accepting the scrape.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "support/prometheus_text.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string scrape(TestHost& host) {
    Response response = host.client().get("/metrics");
    EXPECT_EQ(response.status, 200u) << response.describe();
    return response.body;
}

std::map<std::string, double> scrape_samples(TestHost& host) { return parse_samples(scrape(host)); }

// Runs a command, returning its exit status and (in `output`) what it printed.
int run(const std::string& command, std::string& output) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return -1;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) output.append(buffer, n);
    return ::pclose(pipe);
}

TEST(MetricsTest, AnswersInThePrometheusTextFormatWithoutAToken) {
    TestHost host;
    Response response = host.client().get("/metrics");
    ASSERT_EQ(response.status, 200u) << response.describe();
    EXPECT_EQ(response.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    // Each family the host made is declared, with its help (counters with labels appear with their first sample).
    for (const char* declared :
         {"# TYPE dms_http_request_duration_seconds histogram\n", "# TYPE dms_task_duration_seconds histogram\n",
          "# TYPE dms_task_wait_seconds histogram\n", "# TYPE dms_tasks gauge\n", "# TYPE dms_queue_depth gauge\n",
          "# HELP dms_store_errors_total "}) {
        EXPECT_NE(response.body.find(declared), std::string::npos) << declared;
    }
    auto samples = parse_samples(response.body);
    EXPECT_EQ(sample(samples, "dms_store_up"), 1);
    EXPECT_EQ(sample(samples, "dms_plugin_load_failures_total"), 0);
    EXPECT_EQ(sample(samples, "dms_store_errors_total"), 0);
    EXPECT_EQ(sample(samples, "dms_build_info{version=\"" DMS_VERSION "\"}"), 1);
    // Under the API prefix there is no such route: /metrics sits at the root with the probes.
    EXPECT_EQ(host.client().get(std::string(kApi) + "/metrics").status, 404u);
}

TEST(MetricsTest, TasksAndTheirEndingsShowByServiceStatusAndOutcome) {
    TestHost host([](config::Config& config, const std::filesystem::path& root) {
        config.plugin_dir = make_plugin_dir(
            root / "plugins", {bundled_plugin("noop"), bundled_plugin("sleep"), test_plugin("echo", "echo")});
    });
    for (int i = 0; i < 3; ++i) {
        std::string id = host.submit("noop", "alice")["task_id"];
        host.wait_for_status("noop", "alice", id, "completed");
    }
    std::string failing = host.submit("echo", "bob", "fail=boom")["task_id"];
    host.wait_for_status("echo", "bob", failing, "failed");
    std::string sleeper = host.submit("sleep", "carol", "seconds=30")["task_id"];
    host.wait_for_status("sleep", "carol", sleeper, "running");
    ASSERT_EQ(host.client().post(task_path("sleep", sleeper, "carol", "/cancel")).status, 200u);
    host.wait_for_status("sleep", "carol", sleeper, "cancelled");
    host.submit("sleep", "carol", "seconds=30", R"({"priority": "high"})");
    host.submit("sleep", "carol", "seconds=30", R"({"priority": "high"})");
    host.submit("sleep", "carol", "seconds=30", R"({"priority": "high"})");  // two workers: one waits

    auto samples = scrape_samples(host);
    EXPECT_EQ(sample(samples, R"(dms_tasks{service="noop",status="completed"})"), 3);
    EXPECT_EQ(sample(samples, R"(dms_tasks{service="noop",status="failed"})"), 0);
    EXPECT_EQ(sample(samples, R"(dms_tasks{service="echo",status="failed"})"), 1);
    EXPECT_EQ(sample(samples, R"(dms_tasks{service="sleep",status="cancelled"})"), 1);
    EXPECT_EQ(sample(samples, R"(dms_tasks{service="sleep",status="running"})") +
                  sample(samples, R"(dms_tasks{service="sleep",status="queued"})"),
              3);
    EXPECT_EQ(sample(samples, R"(dms_queue_depth{priority="high"})"),
              sample(samples, R"(dms_tasks{service="sleep",status="queued"})"));
    EXPECT_EQ(sample(samples, R"(dms_queue_depth{priority="low"})"), 0);
    EXPECT_EQ(sample(samples, R"(dms_task_events_total{event="submitted"})"), 8);

    EXPECT_EQ(sample(samples, R"(dms_task_duration_seconds_count{outcome="completed",service="noop"})"), 3);
    EXPECT_EQ(sample(samples, R"(dms_task_wait_seconds_count{outcome="completed",service="noop"})"), 3);
    EXPECT_EQ(sample(samples, R"(dms_task_duration_seconds_count{outcome="failed",service="echo"})"), 1);
    EXPECT_EQ(sample(samples, R"(dms_task_duration_seconds_count{outcome="cancelled",service="sleep"})"), 1);
    EXPECT_EQ(sample(samples, R"(dms_task_duration_seconds_count{outcome="failed",service="noop"})"), 0);
    // The cancelled sleeper ran until its cancel; every noop run fits in the 5 s bucket.
    EXPECT_GT(sample(samples, R"(dms_task_duration_seconds_sum{outcome="cancelled",service="sleep"})"), 0);
    EXPECT_EQ(sample(samples, R"(dms_task_duration_seconds_bucket{outcome="completed",service="noop",le="5"})"), 3);
    EXPECT_EQ(sample(samples, R"(dms_task_duration_seconds_bucket{outcome="completed",service="noop",le="+Inf"})"), 3);
    EXPECT_GE(sample(samples, R"(dms_task_wait_seconds_sum{outcome="completed",service="noop"})"), 0);
}

TEST(MetricsTest, RequestsCountByRoutePatternAndStatusNeverByRawPath) {
    TestHost host;
    const std::string submit_route = std::string(kApi) + "/services/{service}/users/{user_id}/tasks";
    const std::string task_route = std::string(kApi) + "/services/{service}/tasks/{task_id}";
    host.submit("noop", "alice");
    host.submit("noop", "alice");
    EXPECT_EQ(host.client().post(tasks_path("no-such-service", "alice")).status, 422u);
    EXPECT_EQ(host.client().get(task_path("noop", "00000000-0000-4000-8000-000000000000", "alice")).status, 404u);
    EXPECT_EQ(host.client().get("/not/a/route/at/all").status, 404u);
    EXPECT_EQ(host.client().del("/healthz").status, 405u);
    EXPECT_EQ(host.client().get(std::string(kApi) + "/admin/stats").status, 401u);

    std::string text = scrape(host);
    auto samples = parse_samples(text);
    auto requests = [&](const std::string& method, const std::string& route, int status) {
        return sample(samples, "dms_http_requests_total{method=\"" + method + "\",route=\"" + route + "\",status=\"" +
                                   std::to_string(status) + "\"}");
    };
    EXPECT_EQ(requests("POST", submit_route, 202), 2);
    EXPECT_EQ(requests("POST", submit_route, 422), 1);
    EXPECT_EQ(requests("GET", task_route, 404), 1);
    EXPECT_EQ(requests("*", "unmatched", 404), 1);
    EXPECT_EQ(requests("*", "unmatched", 405), 1);
    EXPECT_EQ(requests("GET", std::string(kApi) + "/admin/stats", 401), 1);
    EXPECT_EQ(
        sample(samples, "dms_http_request_duration_seconds_count{method=\"POST\",route=\"" + submit_route + "\"}"), 3);
    EXPECT_EQ(sample(samples, "dms_http_request_duration_seconds_count{method=\"*\",route=\"unmatched\"}"), 2);
    EXPECT_THAT(text, Not(HasSubstr("no-such-service")));
    EXPECT_THAT(text, Not(HasSubstr("/not/a/route")));

    // The next scrape counts the one before it.
    samples = scrape_samples(host);
    EXPECT_EQ(requests("GET", "/metrics", 200), 1);
}

TEST(MetricsTest, PluginsTheHostRefusedAreCounted) {
    TestHost host([](config::Config& config, const std::filesystem::path& root) {
        config.plugin_dir = make_plugin_dir(
            root / "plugins",
            {bundled_plugin("noop"), test_plugin("bad_major", "bad_major"), test_plugin("init_fails", "init_fails")});
    });
    EXPECT_EQ(sample(scrape_samples(host), "dms_plugin_load_failures_total"), 2);
}

TEST(MetricsTest, CopyCountsTheFilesAndBytesItMoved) {
    TestHost host([](config::Config& config, const std::filesystem::path& root) {
        config.plugin_dir = make_plugin_dir(root / "plugins", {bundled_plugin("copy")});
    });
    std::filesystem::path source = host.config().data_dir / "files" / "src";
    std::filesystem::create_directories(source / "sub");
    std::ofstream(source / "a.txt") << "alpha";
    std::ofstream(source / "sub" / "b.txt") << "bravo!";
    std::string id = host.submit("copy", "alice", "source=src&destination=dst")["task_id"];
    auto task = host.wait_for_status("copy", "alice", id, "completed");
    ASSERT_EQ(task["result"]["copied"]["files"], 2) << task.dump();

    auto samples = scrape_samples(host);
    EXPECT_EQ(sample(samples, R"(dms_transfer_files_total{action="copied",service="copy"})"), 2);
    EXPECT_EQ(sample(samples, R"(dms_transfer_bytes_total{action="copied",service="copy"})"), 11);
    EXPECT_EQ(sample(samples, R"(dms_transfer_files_total{action="failed",service="copy"})"), 0);

    // The same copy again finds everything in place: skipped, not copied.
    std::string again = host.submit("copy", "alice", "source=src&destination=dst")["task_id"];
    host.wait_for_status("copy", "alice", again, "completed");
    samples = scrape_samples(host);
    EXPECT_EQ(sample(samples, R"(dms_transfer_files_total{action="copied",service="copy"})"), 2);
    EXPECT_EQ(sample(samples, R"(dms_transfer_files_total{action="skipped",service="copy"})"), 2);
}

TEST(MetricsTest, PromtoolAcceptsTheScrape) {
    ASSERT_TRUE(std::filesystem::exists(DMS_PROMTOOL))
        << "promtool (Debian's prometheus package) is missing: run scripts/install-deps.sh";
    TestHost host;
    std::string id = host.submit("noop", "alice")["task_id"];
    host.wait_for_status("noop", "alice", id, "completed");
    host.client().get("/nothing/here");
    host.client().post(tasks_path("nope", "alice"));

    std::filesystem::path file = host.root() / "scrape.txt";
    std::ofstream(file) << scrape(host);
    std::string output;
    int status = run(std::string(DMS_PROMTOOL) + " check metrics < " + file.string(), output);
    EXPECT_EQ(status, 0) << output;
    EXPECT_EQ(output, "") << "promtool's lint found problems";
}

}  // namespace
}  // namespace dms::test
