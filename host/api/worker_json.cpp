#include "api/worker_json.hpp"

#include <algorithm>
#include <string>

#include "http/api_error.hpp"

namespace dms::api {
namespace {

http::ApiError bad_request(const std::string& message) {
    return http::ApiError(http::Status::bad_request, "bad_request", message);
}

}  // namespace

void require_only_fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed) {
    for (const auto& [field, value] : body.items()) {
        if (std::find(allowed.begin(), allowed.end(), field) == allowed.end()) {
            throw bad_request("unknown field \"" + field + "\"");
        }
    }
}

double number_field(const nlohmann::json& body, std::string_view name, double fallback) {
    auto found = body.find(name);
    if (found == body.end()) return fallback;
    if (!found->is_number()) throw bad_request("\"" + std::string(name) + "\" must be a number");
    return found->get<double>();
}

std::string string_field(const nlohmann::json& body, std::string_view name, bool required) {
    auto found = body.find(name);
    if (found == body.end()) {
        if (required) throw bad_request("\"" + std::string(name) + "\" is required");
        return {};
    }
    if (!found->is_string()) throw bad_request("\"" + std::string(name) + "\" must be a string");
    return found->get<std::string>();
}

worker::LeaseOrder parse_lease_order(const nlohmann::json& body) {
    require_only_fields(body, {"worker_id", "services", "lease_seconds", "max_tasks"});
    worker::LeaseOrder order;
    order.worker_id = string_field(body, "worker_id", true);
    auto services = body.find("services");
    if (services == body.end() || !services->is_array()) throw bad_request("\"services\" must be an array of names");
    for (const auto& service : *services) {
        if (!service.is_string()) throw bad_request("\"services\" must be an array of names");
        order.services.push_back(service.get<std::string>());
    }
    order.lease_seconds = number_field(body, "lease_seconds", order.lease_seconds);
    if (auto most = body.find("max_tasks"); most != body.end()) {
        if (!most->is_number_integer() || most->get<std::int64_t>() < 1) {
            throw bad_request("\"max_tasks\" must be a whole number from 1");
        }
        order.max_tasks = static_cast<std::size_t>(std::min<std::int64_t>(most->get<std::int64_t>(), 1 << 20));
    }
    return order;
}

store::Fence parse_fence(std::string task_id, const nlohmann::json& body) {
    auto attempt = body.find("attempt");
    if (attempt == body.end() || !attempt->is_number_integer() || attempt->get<std::int64_t>() < 1 ||
        attempt->get<std::int64_t>() > 1000000) {
        throw bad_request("\"attempt\" is required: the attempt number the lease answered (a whole number from 1)");
    }
    return {std::move(task_id), attempt->get<int>()};
}

nlohmann::json leased_task_to_json(const task::Task& task, const util::TimeFormatter& time) {
    return {{"task_id", task.task_id},
            {"attempt", task.attempts},
            {"service", task.service},
            {"user_id", task.user_id},
            {"parameters", task.parameters},
            {"priority", task::to_string(task.priority)},
            {"lease_expires_at", task.lease_expires_at ? nlohmann::json(time.iso(*task.lease_expires_at)) : nullptr},
            {"created_at", time.iso(task.created_at)}};
}

}  // namespace dms::api
