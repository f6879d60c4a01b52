// Recurring templates over HTTP against a real host: create, read, change, enable, disable, delete, validation errors
// and the preview of next runs. (Firing is covered, at chosen instants, by the store contract and scheduler tests.)
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "openapi_schema.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

const Headers kJson{{"Content-Type", "application/json"}};

std::string templates_path(std::string_view service, std::string_view user, std::string_view suffix = "") {
    return std::string(kApi) + "/services/" + std::string(service) + "/users/" + std::string(user) + "/templates" +
           std::string(suffix);
}

class TemplatesTest : public ::testing::Test {
 protected:
    Response create(std::string_view body, std::string_view service = "noop", std::string_view user = "alice") {
        return host_.client().post(templates_path(service, user), body, kJson);
    }

    // Creates a template that must be accepted; returns it as answered.
    nlohmann::json must_create(std::string_view body, std::string_view user = "alice") {
        Response answer = create(body, "noop", user);
        EXPECT_EQ(answer.status, 201u) << answer.describe();
        return answer.json();
    }

    std::string item(const nlohmann::json& made, std::string_view suffix = "", std::string_view user = "alice") {
        return templates_path("noop", user, "/" + made["template_id"].get<std::string>() + std::string(suffix));
    }

    TestHost host_;
};

TEST_F(TemplatesTest, ATemplateIsCreatedReadChangedAndDeleted) {
    Response answer = create(R"({"cron": "30 2 * * *", "time_zone": "Europe/Paris", "parameters": {"label": "x"},
                                 "priority": "high", "max_retries": 3, "overlap": "allow", "catch_up": "run_once"})");
    ASSERT_EQ(answer.status, 201u) << answer.describe();
    nlohmann::json made = answer.json();
    EXPECT_EQ(answer.header("Location"), item(made));
    EXPECT_EQ(made["service"], "noop");
    EXPECT_EQ(made["user_id"], "alice");
    EXPECT_EQ(made["cron"], "30 2 * * *");
    EXPECT_EQ(made["time_zone"], "Europe/Paris");
    EXPECT_EQ(made["parameters"], nlohmann::json({{"label", "x"}}));
    EXPECT_EQ(made["priority"], "high");
    EXPECT_EQ(made["max_retries"], 3);
    EXPECT_TRUE(made["timeout_seconds"].is_null());
    EXPECT_EQ(made["overlap"], "allow");
    EXPECT_EQ(made["catch_up"], "run_once");
    EXPECT_EQ(made["enabled"], true);
    ASSERT_TRUE(made["next_run_at"].is_string()) << made.dump();
    std::string next = made["next_run_at"];
    EXPECT_NE(next.find("T02:30:00+0"), std::string::npos) << "local time with the zone's offset: " << next;
    EXPECT_TRUE(made["next_run_at_utc"].get<std::string>().ends_with("Z"));
    EXPECT_TRUE(made["last_task_id"].is_null());

    Response got = host_.client().get(item(made));
    ASSERT_EQ(got.status, 200u) << got.describe();
    EXPECT_EQ(got.json(), made);
    Response listed = host_.client().get(templates_path("noop", "alice"));
    ASSERT_EQ(listed.status, 200u) << listed.describe();
    ASSERT_EQ(listed.json()["templates"].size(), 1u);
    EXPECT_EQ(listed.json()["templates"][0]["template_id"], made["template_id"]);

    Response patched = host_.client().request(boost::beast::http::verb::patch, item(made),
                                              R"({"priority": "low", "max_retries": null})", kJson);
    ASSERT_EQ(patched.status, 200u) << patched.describe();
    EXPECT_EQ(patched.json()["priority"], "low");
    EXPECT_TRUE(patched.json()["max_retries"].is_null());
    EXPECT_EQ(patched.json()["cron"], "30 2 * * *") << "PATCH keeps what it does not name";
    EXPECT_EQ(patched.json()["next_run_at"], made["next_run_at"]) << "the same schedule keeps its next run";
    EXPECT_EQ(patched.json()["revision"], 2);

    Response replaced = host_.client().put(item(made), R"({"cron": "@hourly", "time_zone": "UTC"})", kJson);
    ASSERT_EQ(replaced.status, 200u) << replaced.describe();
    EXPECT_EQ(replaced.json()["overlap"], "skip") << "PUT resets what it does not name";
    EXPECT_EQ(replaced.json()["parameters"], nlohmann::json::object());
    EXPECT_TRUE(replaced.json()["next_run_at"].get<std::string>().ends_with(":00:00+00:00"));

    Response disabled = host_.client().post(item(made, "/disable"));
    ASSERT_EQ(disabled.status, 200u) << disabled.describe();
    EXPECT_EQ(disabled.json()["enabled"], false);
    EXPECT_TRUE(disabled.json()["next_run_at"].is_null());
    Response enabled = host_.client().post(item(made, "/enable"));
    ASSERT_EQ(enabled.status, 200u) << enabled.describe();
    EXPECT_EQ(enabled.json()["enabled"], true);
    EXPECT_TRUE(enabled.json()["next_run_at"].is_string());

    EXPECT_EQ(host_.client().del(item(made)).status, 204u);
    EXPECT_EQ(host_.client().get(item(made)).status, 404u);
    EXPECT_EQ(host_.client().del(item(made)).status, 404u);
}

TEST_F(TemplatesTest, BadTemplatesAreRefusedWithClearErrors) {
    struct Case {
        std::string service;
        std::string body;
        unsigned status;
        std::string code;
        std::string says;
    };
    const std::vector<Case> cases{
        {"nosuch", R"({"cron": "@daily", "time_zone": "UTC"})", 422, "unknown_service", "nosuch"},
        {"noop", R"({"cron": "61 * * * *", "time_zone": "UTC"})", 400, "bad_request", "cron"},
        {"noop", R"({"cron": "0 0 30 2 *", "time_zone": "UTC"})", 400, "bad_request", "cron"},
        {"noop", R"({"cron": "@daily", "time_zone": "Mars/Base"})", 400, "bad_request", "time zone 'Mars/Base'"},
        {"noop", R"({"cron": "@daily", "time_zone": "UTC", "overlap": "sometimes"})", 400, "bad_request", "overlap"},
        {"noop", R"({"cron": "@daily", "time_zone": "UTC", "catch_up": "all"})", 400, "bad_request", "catch_up"},
        {"noop", R"({"cron": "@daily", "time_zone": "UTC", "priority": "urgent"})", 400, "bad_request", "priority"},
        {"noop", R"({"cron": "@daily", "time_zone": "UTC", "max_retries": -1})", 400, "bad_request", "max_retries"},
        {"noop", R"({"cron": "@daily", "time_zone": "UTC", "colour": "red"})", 400, "bad_request", "colour"},
        {"noop", R"({"cron": "@daily"})", 400, "bad_request", "time_zone"},
        {"noop", R"({"cron": 5, "time_zone": "UTC"})", 400, "bad_request", "cron"},
        {"noop", R"([1, 2])", 400, "bad_request", ""},
    };
    for (const Case& refused : cases) {
        Response answer = create(refused.body, refused.service);
        EXPECT_EQ(answer.status, refused.status) << refused.body << " " << answer.describe();
        EXPECT_EQ(answer.error_code(), refused.code) << refused.body << " " << answer.describe();
        EXPECT_NE(answer.body.find(refused.says), std::string::npos) << refused.body << " " << answer.describe();
    }
    EXPECT_EQ(host_.admin_get("/admin/templates").json()["templates"].size(), 0u) << "nothing refused was stored";
}

TEST_F(TemplatesTest, ATemplateIsItsOwnersAlone) {
    nlohmann::json made = must_create(R"({"cron": "@daily", "time_zone": "UTC"})");
    EXPECT_EQ(host_.client().get(item(made, "", "bob")).status, 404u);
    EXPECT_EQ(host_.client().del(item(made, "", "bob")).status, 404u);
    EXPECT_EQ(host_.client().post(item(made, "/disable", "bob")).status, 404u);
    EXPECT_EQ(host_.client().get(templates_path("noop", "alice", "/not-a-template")).status, 404u);
    EXPECT_EQ(host_.client().get(templates_path("noop", "bob")).json()["templates"].size(), 0u);
    EXPECT_EQ(host_.client().get(item(made)).status, 200u);
}

TEST_F(TemplatesTest, PreviewListsTheNextRunsInTheTemplatesZoneAndInUtc) {
    nlohmann::json made = must_create(R"({"cron": "0 9 * * *", "time_zone": "Asia/Seoul"})");
    Response answer = host_.client().get(item(made, "/preview?count=3"));
    ASSERT_EQ(answer.status, 200u) << answer.describe();
    const nlohmann::json runs = answer.json()["runs"];
    ASSERT_EQ(runs.size(), 3u) << answer.body;
    for (const nlohmann::json& run : runs) {
        EXPECT_TRUE(run["at"].get<std::string>().ends_with("T09:00:00+09:00")) << run.dump();
        EXPECT_TRUE(run["at_utc"].get<std::string>().ends_with("T00:00:00Z")) << run.dump();
    }
    EXPECT_LT(runs[0]["at_utc"].get<std::string>(), runs[1]["at_utc"].get<std::string>());
    EXPECT_EQ(answer.json()["time_zone"], "Asia/Seoul");
    EXPECT_EQ(host_.client().get(item(made, "/preview")).json()["runs"].size(), 10u) << "ten by default";
    EXPECT_EQ(host_.client().get(item(made, "/preview?count=100")).json()["runs"].size(), 100u);
    for (std::string_view count : {"0", "101", "abc", "-1", ""}) {
        Response refused = host_.client().get(item(made, "/preview?count=" + std::string(count)));
        EXPECT_EQ(refused.status, 400u) << count << " " << refused.describe();
        EXPECT_EQ(refused.error_code(), "bad_request");
    }
}

TEST_F(TemplatesTest, OperatorsSeeAndManageEveryonesTemplates) {
    nlohmann::json alices = must_create(R"({"cron": "@daily", "time_zone": "UTC"})");
    must_create(R"({"cron": "@hourly", "time_zone": "UTC"})", "bob");
    const std::string all = "/admin/templates";  // admin_* put the API prefix before it
    EXPECT_EQ(host_.client().get(std::string(kApi) + all).status, 401u) << "operators only";
    EXPECT_EQ(host_.admin_get(all).json()["templates"].size(), 2u);
    auto bobs = host_.admin_get(all + "?user_id=bob").json()["templates"];
    ASSERT_EQ(bobs.size(), 1u);
    EXPECT_EQ(bobs[0]["cron"], "@hourly");
    EXPECT_EQ(host_.admin_get(all + "?colour=red").status, 400u);

    const std::string one = all + "/" + alices["template_id"].get<std::string>();
    EXPECT_EQ(host_.admin_get(one).json()["user_id"], "alice");
    Response disabled = host_.admin_post(one + "/disable");
    ASSERT_EQ(disabled.status, 200u) << disabled.describe();
    EXPECT_EQ(disabled.json()["enabled"], false);
    EXPECT_EQ(host_.admin_get(one + "/preview?count=2").json()["runs"].size(), 2u);
    EXPECT_EQ(host_.admin_del(one).status, 204u);
    EXPECT_EQ(host_.client().get(item(alices)).status, 404u);

    auto audited = host_.admin_get("/admin/audit?target=" + alices["template_id"].get<std::string>()).json();
    std::set<std::string> actions;
    for (const auto& record : audited["records"]) actions.insert(record["action"].get<std::string>());
    EXPECT_EQ(actions, (std::set<std::string>{"template.disable", "template.delete"})) << audited.dump();
}

TEST_F(TemplatesTest, AnswersFitTheDocumentedSchemas) {
    OpenApiSchema schema(host_.client().get(std::string(kApi) + "/openapi.json").json());
    auto expect_fits = [&](const Response& answer, const std::string& method, const std::string& path) {
        nlohmann::json body = schema.response_schema(path, method, std::to_string(answer.status));
        for (const auto& problem : schema.violations(answer.json(), body)) {
            ADD_FAILURE() << method << " " << path << " " << answer.status << ": " << problem << "\n" << answer.body;
        }
    };
    const std::string mine = "/services/{service}/users/{user_id}/templates";
    Response created = create(R"({"cron": "@daily", "time_zone": "Europe/Paris", "timeout_seconds": 30})");
    expect_fits(created, "post", mine);
    expect_fits(host_.client().get(templates_path("noop", "alice")), "get", mine);
    expect_fits(host_.client().get(item(created.json())), "get", mine + "/{template_id}");
    expect_fits(host_.client().post(item(created.json(), "/disable")), "post", mine + "/{template_id}/disable");
    expect_fits(host_.client().get(item(created.json(), "/preview?count=2")), "get", mine + "/{template_id}/preview");
    expect_fits(create(R"({"cron": "@daily", "time_zone": "Nowhere"})"), "post", mine);
    expect_fits(host_.admin_get("/admin/templates"), "get", "/admin/templates");
}

// Templates are in the store with the tasks: a host restarted on the same data directory keeps them as they were.
TEST(TemplatesRestartTest, TemplatesSurviveARestart) {
    TempDir data;
    auto same_data = [&data](config::Config& config, const std::filesystem::path&) { config.data_dir = data.path(); };
    nlohmann::json made;
    {
        TestHost first(same_data);
        Response created = first.client().post(templates_path("noop", "alice"),
                                               R"({"cron": "15 4 * * 1", "time_zone": "America/Chicago"})", kJson);
        ASSERT_EQ(created.status, 201u) << created.describe();
        made = created.json();
    }
    TestHost second(same_data);
    const std::string item = templates_path("noop", "alice", "/" + made["template_id"].get<std::string>());
    Response kept = second.client().get(item);
    ASSERT_EQ(kept.status, 200u) << kept.describe();
    EXPECT_EQ(kept.json()["next_run_at"], made["next_run_at"]);
    EXPECT_EQ(kept.json()["cron"], "15 4 * * 1");
    EXPECT_EQ(kept.json()["enabled"], true);
}

}  // namespace
}  // namespace dms::test
