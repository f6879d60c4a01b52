#include "dmsctl_fixture.hpp"

#include "support/test_host.hpp"

namespace dms::test {

DmsctlTest::DmsctlTest() {
    HostProcessOptions options;
    options.work_dir = dir_.path();
    options.plugin_dir = make_plugin_dir(
        dir_.path() / "plugins", {bundled_plugin("noop"), bundled_plugin("sleep"), test_plugin("echo", "echo")});
    host_ = std::make_unique<HostProcess>(options);
}

std::string DmsctlTest::api_base() const { return "http://127.0.0.1:" + std::to_string(host_->port()) + "/api/v1"; }

DmsctlRun DmsctlTest::dmsctl(const std::vector<std::string>& args, std::map<std::string, std::string> env) {
    env.emplace("DMS_API_BASE", api_base());
    return run_dmsctl(args, env);
}

nlohmann::json DmsctlTest::dmsctl_json(const std::vector<std::string>& args, std::map<std::string, std::string> env) {
    std::vector<std::string> with_json = args;
    with_json.push_back("--json");
    DmsctlRun run = dmsctl(with_json, std::move(env));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    auto parsed = nlohmann::json::parse(run.out, nullptr, false);
    if (parsed.is_discarded()) throw std::runtime_error("dmsctl --json printed no JSON: " + run.out + run.err);
    return parsed;
}

std::string DmsctlTest::submit(const std::string& service, const std::string& user,
                               const std::vector<std::string>& params) {
    std::vector<std::string> args{"tasks", "submit", "--service", service, "--user", user};
    for (const auto& param : params) args.insert(args.end(), {"--param", param});
    return dmsctl_json(args)["task_id"].get<std::string>();
}

}  // namespace dms::test
