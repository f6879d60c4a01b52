#include <gtest/gtest.h>

#include <fstream>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// A host whose DMS_UI_DIR is a small folder of the test's own, next to a secret it must never serve.
class UiRoutesTest : public ::testing::Test {
 protected:
    UiRoutesTest()
        : host_([](config::Config& config, const fs::path& root) {
              fs::path ui = root / "ui";
              fs::create_directories(ui / "sub");
              write(ui / "index.html", R"(<meta name="dms-api-prefix" content="__DMS_API_PREFIX__">)");
              write(ui / "app.js", "export const x = 1;\n");
              write(ui / "style.css", "body {}\n");
              write(ui / "logo.png", "\x89PNG");
              write(ui / "notes.unknownext", "x");
              write(ui / ".hidden", "hidden");
              write(ui / "sub" / "inner.js", "nested");
              write(root / "secret.txt", "TOP-SECRET-CONTENT");
              fs::create_symlink(root / "secret.txt", ui / "escape.txt");
              fs::create_symlink(root, ui / "up");
              fs::create_symlink(ui / "app.js", ui / "alias.js");
              config.ui_dir = ui;
              config.api_prefix = "/custom/v9";
          }) {}

    void expect_not_found(const std::string& target) {
        Response response = host_.client().get(target);
        EXPECT_EQ(response.status, 404u) << target << ": " << response.describe();
        EXPECT_EQ(response.error_code(), "not_found") << target;
        EXPECT_EQ(response.body.find("TOP-SECRET-CONTENT"), std::string::npos) << target;
    }

    TestHost host_;
};

TEST_F(UiRoutesTest, ServesThePageAtUiAndUiSlashWithTheHostsApiPrefix) {
    for (const char* target : {"/ui", "/ui/"}) {
        Response page = host_.client().get(target);
        ASSERT_EQ(page.status, 200u) << target << ": " << page.describe();
        EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
        EXPECT_EQ(page.body, R"(<meta name="dms-api-prefix" content="/custom/v9">)");
        EXPECT_EQ(page.header("Cache-Control"), "no-cache");
        EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
        EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
    }
}

TEST_F(UiRoutesTest, ServesFilesWithTheirContentTypes) {
    const std::vector<std::pair<std::string, std::string>> files = {
        {"app.js", "text/javascript; charset=utf-8"},
        {"style.css", "text/css; charset=utf-8"},
        {"logo.png", "image/png"},
        {"notes.unknownext", "application/octet-stream"},
        {"alias.js", "text/javascript; charset=utf-8"},  // a symlink that stays inside the folder
    };
    for (const auto& [name, type] : files) {
        Response response = host_.client().get("/ui/" + name);
        ASSERT_EQ(response.status, 200u) << name << ": " << response.describe();
        EXPECT_EQ(response.header("Content-Type"), type) << name;
    }
    EXPECT_EQ(host_.client().get("/ui/app.js").body, "export const x = 1;\n");
}

TEST_F(UiRoutesTest, NothingOutsideTheFolderNorHiddenNorNested) {
    expect_not_found("/ui/missing.js");
    expect_not_found("/ui/.hidden");
    expect_not_found("/ui/escape.txt");    // a symlink out of the folder
    expect_not_found("/ui/up");            // a symlink to a directory
    expect_not_found("/ui/sub");           // a directory
    expect_not_found("/ui/sub/inner.js");  // no subfolders
    expect_not_found("/ui/..");
    expect_not_found("/ui/%2e%2e");
    expect_not_found("/ui/..%2fsecret.txt");
    expect_not_found("/ui/%2e%2e%2fsecret.txt");
    expect_not_found("/ui/up%2fsecret.txt");
    expect_not_found("/ui/app.js%00.png");
    expect_not_found("/ui/..%5csecret.txt");
}

TEST_F(UiRoutesTest, OnlyGet) {
    Response response = host_.client().post("/ui/app.js");
    EXPECT_EQ(response.status, 405u);
    EXPECT_EQ(response.header("Allow"), "GET");
    EXPECT_EQ(host_.client().del("/ui").status, 405u);
}

TEST(UiRoutesMissingTest, A404SaysTheDashboardIsNotInstalled) {
    TestHost host([](config::Config& config, const fs::path& root) { config.ui_dir = root / "no-such-ui"; });
    Response response = host.client().get("/ui");
    EXPECT_EQ(response.status, 404u);
    EXPECT_NE(response.json()["error"]["message"].get<std::string>().find("not installed"), std::string::npos);
    EXPECT_EQ(host.client().get("/readyz").status, 200u) << "the dashboard is optional: the host is ready without it";
}

}  // namespace
}  // namespace dms::test
