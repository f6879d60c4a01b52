#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "api/handler.hpp"
#include "api/routes.hpp"
#include "http/api_error.hpp"

namespace dms::api {
namespace {

using http::Access;
using http::RequestContext;
using http::Status;
using http::Verb;

namespace fs = std::filesystem;

constexpr std::string_view kIndexFile = "index.html";
constexpr std::string_view kPrefixPlaceholder = "__DMS_API_PREFIX__";
constexpr std::uintmax_t kLargestFile = 4 << 20;

// Only what the page may load: its own files and the API, nothing from elsewhere (no CDN, works offline).
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

std::string_view content_type(const fs::path& file) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"},
    }};
    std::string extension = file.extension().string();
    for (const auto& [known, type] : kTypes) {
        if (extension == known) return type;
    }
    return "application/octet-stream";
}

// A name the dashboard may ask for: one path segment of letters, digits, '-', '_' and '.', not starting
// with a dot. The router has already percent-decoded it, so "..", "%2e%2e" and "a%2Fb" all fail here.
bool plain_file_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || name.front() == '.') return false;
    return std::all_of(name.begin(), name.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; });
}

http::ApiError not_found(std::string_view name) {
    return {Status::not_found, "not_found", "the dashboard has no file '" + std::string(name) + "'"};
}

std::string html_escaped(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        switch (c) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            default:
                escaped += c;
        }
    }
    return escaped;
}

// The dashboard's folder. Files are read on each request: they are few and small, and an edited file
// shows at the next reload. A file is served only when, with every symlink resolved, it is a regular
// file directly inside the folder.
class UiFiles {
 public:
    UiFiles(fs::path root, std::string api_prefix) : root_(std::move(root)), api_prefix_(std::move(api_prefix)) {}

    http::Response serve(const http::Request& request, std::string_view name) const {
        if (!plain_file_name(name)) throw not_found(name);
        std::optional<fs::path> file = resolve(name);
        if (!file) throw not_found(name);
        std::string body = read(*file, name);
        // The page learns where the API is from the host that serves it (DMS_API_PREFIX).
        if (name == kIndexFile) replace_all(body, kPrefixPlaceholder, html_escaped(api_prefix_));

        http::Response response{Status::ok, request.version()};
        response.set(http::beast_http::field::server, "dms-host/" DMS_VERSION);
        response.set(http::beast_http::field::content_type, content_type(*file));
        response.set(http::beast_http::field::cache_control, "no-cache");
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Content-Security-Policy", kContentSecurityPolicy);
        response.set("Referrer-Policy", "no-referrer");
        response.keep_alive(request.keep_alive());
        response.body() = std::move(body);
        response.prepare_payload();
        return response;
    }

 private:
    std::optional<fs::path> resolve(std::string_view name) const {
        std::error_code error;
        fs::path root = fs::canonical(root_, error);
        if (error) {
            throw http::ApiError(Status::not_found, "not_found",
                                 "the dashboard is not installed here (DMS_UI_DIR=" + root_.string() + ")");
        }
        fs::path file = fs::canonical(root / fs::path(std::string(name)), error);
        if (error || file.parent_path() != root) return std::nullopt;
        if (!fs::is_regular_file(file, error) || fs::file_size(file, error) > kLargestFile || error)
            return std::nullopt;
        return file;
    }

    static std::string read(const fs::path& file, std::string_view name) {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw not_found(name);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }

    static void replace_all(std::string& text, std::string_view from, const std::string& to) {
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
            text.replace(at, from.size(), to);
        }
    }

    fs::path root_;
    std::string api_prefix_;
};

}  // namespace

void add_ui_routes(http::Router& router, const fs::path& ui_dir, const std::string& api_prefix) {
    auto files = std::make_shared<const UiFiles>(ui_dir, api_prefix);

    // The page names its files by absolute path (/ui/app.js), so it works at /ui and at /ui/ alike.
    for (const char* path : {"/ui", "/ui/"}) {
        router.add({Verb::get, path, Access::anyone,
                    "The operator dashboard: queues, tasks and the operator's actions, in the browser",
                    immediate([files](const RequestContext& context) {
                        return files->serve(context.request(), kIndexFile);
                    })});
    }

    router.add({Verb::get, "/ui/{file}", Access::anyone, "The dashboard's scripts, styles and images (DMS_UI_DIR)",
                immediate([files](const RequestContext& context) {
                    return files->serve(context.request(), context.path_param("file"));
                })});
}

}  // namespace dms::api
