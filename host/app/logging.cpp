#include "app/logging.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "http/request_log_scope.hpp"

namespace dms::app {
namespace {

// %* in a pattern: the message as a JSON string, escaped, so every line stays valid JSON.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& out) override {
        std::string text(message.payload.data(), message.payload.size());
        std::string quoted = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        out.append(quoted.data(), quoted.data() + quoted.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonMessageFlag>(); }
};

// %& in a pattern: the id of the request the line belongs to (http::RequestLogScope), as a JSON member
// `,"request_id":"..."` or a plain ` request_id=...`; nothing for lines no request caused. Request ids are
// checked to hold only characters that need no escaping. The logger is synchronous, so the formatter runs on
// the thread that holds the scope.
class RequestIdFlag : public spdlog::custom_flag_formatter {
public:
    explicit RequestIdFlag(bool json) : json_(json) {}

    void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& out) override {
        std::string_view id = http::RequestLogScope::current();
        if (id.empty()) return;
        std::string_view before = json_ ? R"(,"request_id":")" : " request_id=";
        out.append(before.data(), before.data() + before.size());
        out.append(id.data(), id.data() + id.size());
        if (json_) out.push_back('"');
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<RequestIdFlag>(json_); }

private:
    bool json_;
};

}  // namespace

void configure_logging(const std::string& level, bool json) {
    auto logger = std::make_shared<spdlog::logger>("dms", std::make_shared<spdlog::sinks::stdout_sink_mt>());
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    if (json) {
        formatter->add_flag<JsonMessageFlag>('*').add_flag<RequestIdFlag>('&', true).set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","service":"dms-host","thread":%t,"message":%*%&})");
    } else {
        formatter->add_flag<RequestIdFlag>('&', false).set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %-5l %v%&");
    }
    logger->set_formatter(std::move(formatter));
    logger->set_level(spdlog::level::from_str(level));
    // Warnings reach the terminal at once; routine lines are flushed each second, off the request path.
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
    spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace dms::app
