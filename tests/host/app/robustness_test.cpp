#include <gtest/gtest.h>

#include "support/host_process.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

// Nothing a client sends crashes the host: here JSON nested as deep as the default 1 MiB body allows. Run
// against the real binary, so a crash shows as a failed test rather than taking the test runner down.
TEST(RobustnessTest, DeeplyNestedJsonDoesNotCrashTheHost) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    HostProcess host(options);
    const int depth = 200000;
    const std::string nested = std::string(depth, '[') + std::string(depth, ']');
    const Headers json = {{"Content-Type", "application/json"}};
    for (const std::string& body : {nested, R"({"parameters": {"deep": )" + nested + "}}",
                                    R"({"priority": "high", "parameters": {"deep": )" + nested + "}}"}) {
        try {
            HttpClient client(host.port());
            Response response = client.post(tasks_path("noop", "alice"), body, json);
            EXPECT_TRUE(response.status == 202 || response.status == 400 || response.status == 422)
                << response.describe().substr(0, 200);
        } catch (const std::exception& error) {
            ADD_FAILURE() << "no answer: " << error.what();
        }
        int status = 0;
        ASSERT_FALSE(wait_until([&] { return host.exited_by_itself(&status); }, 300ms))
            << "dms-host died (exit status " << status << ") on a body of " << body.size() << " bytes:\n"
            << host.log().substr(0, 2000);
    }
    EXPECT_EQ(HttpClient(host.port()).get("/healthz").status, 200u);
}

// Nesting up to the limit (64 levels, body included) is kept exactly; one level more is a clear 400.
TEST(RobustnessTest, NestingUpToTheLimitRoundTripsAndBeyondItIsRefused) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    HostProcess host(options);
    HttpClient client(host.port());
    auto body_with = [](int levels) {
        return R"({"parameters": {"deep": )" + std::string(levels, '[') + "1" + std::string(levels, ']') + "}}";
    };
    const std::string nested = std::string(62, '[') + "1" + std::string(62, ']');
    auto task = submit_task(client, "noop", "alice", "", body_with(62));
    EXPECT_EQ(task["parameters"]["deep"], nlohmann::json::parse(nested));
    EXPECT_EQ(get_task(client, "noop", "alice", task["task_id"].get<std::string>())["parameters"]["deep"],
              nlohmann::json::parse(nested));

    Response refused = client.post(tasks_path("noop", "alice"), body_with(63), {{"Content-Type", "application/json"}});
    EXPECT_EQ(refused.status, 400u);
    EXPECT_NE(refused.body.find("64 levels"), std::string::npos) << refused.body;
}

}  // namespace
}  // namespace dms::test
