#include "echo_executor.hpp"

#include <charconv>
#include <chrono>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace dms::test_plugins {
namespace {

nlohmann::json parameter(std::string name, std::string type, std::string description) {
    return {{"name", std::move(name)},
            {"type", std::move(type)},
            {"required", false},
            {"description", std::move(description)}};
}

// A parameter's value as text: strings as they are, anything else as JSON.
std::string as_text(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

// A whole number >= 0 from a JSON number or a numeric string (query values arrive as strings).
std::optional<long long> as_count(const nlohmann::json& value) {
    if (value.is_number_integer() && value.get<long long>() >= 0) return value.get<long long>();
    if (!value.is_string()) return std::nullopt;
    const std::string& text = value.get_ref<const std::string&>();
    long long count = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || count < 0) return std::nullopt;
    return count;
}

long long count_parameter(const nlohmann::json& parameters, const char* name, long long fallback) {
    if (!parameters.contains(name)) return fallback;
    const auto count = as_count(parameters.at(name));
    if (!count) throw sdk::InvalidParameters(std::string("parameter '") + name + "' must be a whole number >= 0");
    return *count;
}

}  // namespace

sdk::PluginInfo EchoExecutor::info() {
    const auto parameters = nlohmann::json::array({
        parameter("fail", "string", "Fail the run with this message."),
        parameter("fail_attempts", "integer", "Fail only the first N attempts (default: every attempt)."),
        parameter("permanent", "boolean", "Make the failure permanent: the host does not retry it."),
        parameter("heartbeat_ms", "integer", "While waiting, send a heartbeat this often (no progress)."),
        parameter("checkpoint", "string", "Checkpoint this cursor before anything else."),
        parameter("wait_ms", "integer", "Wait this long, honouring cancel, before finishing."),
        parameter("ignore_cancel", "boolean", "Wait out wait_ms even when cancelled (a misbehaving plugin)."),
        parameter("reject", "string", "Make validate refuse the task with this message."),
        parameter("setting", "string", "Report the host setting of this DMS_* name in the result."),
    });
    return {"echo",
            "1.0.0",
            "Echoes its tasks back: a scriptable plugin for host tests.",
            {{"echo", "Sets the task's parameters, resume cursor and attempt as its result.", parameters}}};
}

void EchoExecutor::validate(std::string_view, const nlohmann::json& parameters) {
    if (parameters.contains("reject")) throw sdk::InvalidParameters(as_text(parameters.at("reject")));
    count_parameter(parameters, "fail_attempts", 0);
    count_parameter(parameters, "wait_ms", 0);
    count_parameter(parameters, "heartbeat_ms", 0);
}

void EchoExecutor::run(sdk::Task& task) {
    const nlohmann::json& parameters = task.parameters();
    task.info("echo " + parameters.dump());
    task.progress(0, 1, "steps", "started");
    if (parameters.contains("checkpoint")) task.checkpoint(as_text(parameters.at("checkpoint")));

    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(count_parameter(parameters, "wait_ms", 0));
    const bool ignore_cancel = parameters.contains("ignore_cancel") && as_text(parameters.at("ignore_cancel")) == "true";
    const auto heartbeat_every = std::chrono::milliseconds(count_parameter(parameters, "heartbeat_ms", 0));
    auto last_heartbeat = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < deadline) {
        if (!ignore_cancel) task.throw_if_cancelled();
        if (heartbeat_every.count() > 0 && std::chrono::steady_clock::now() - last_heartbeat >= heartbeat_every) {
            task.heartbeat();
            last_heartbeat = std::chrono::steady_clock::now();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    const long long fail_attempts = count_parameter(parameters, "fail_attempts", std::numeric_limits<long long>::max());
    if (parameters.contains("fail") && task.attempt() <= fail_attempts) {
        if (parameters.contains("permanent") && as_text(parameters.at("permanent")) == "true") {
            throw sdk::PermanentFailure(as_text(parameters.at("fail")));
        }
        throw std::runtime_error(as_text(parameters.at("fail")));
    }
    task.progress(1, 1, "steps", "done");
    nlohmann::json setting_value = nullptr;
    if (parameters.contains("setting")) {
        if (auto value = setting(as_text(parameters.at("setting")))) setting_value = *value;
    }
    task.set_result({{"parameters", parameters},
                     {"setting", setting_value},
                     {"resume_cursor", task.resume_cursor()},
                     {"attempt", task.attempt()},
                     {"task_id", task.id()},
                     {"user_id", task.user_id()},
                     {"service", task.service()}});
}

}  // namespace dms::test_plugins
