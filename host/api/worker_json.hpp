#pragma once

#include <initializer_list>
#include <string_view>

#include <nlohmann/json.hpp>

#include "store/task_store.hpp"
#include "task/task.hpp"
#include "util/time_format.hpp"
#include "worker/worker_gateway.hpp"

namespace dms::api {

// The bodies of the worker routes, read strictly: a missing required field, a wrong type or an unknown field is a
// 400 naming it.

// POST /workers/lease: {"worker_id", "services": [...], "lease_seconds", "max_tasks"}.
worker::LeaseOrder parse_lease_order(const nlohmann::json& body);

// Every body has the fields it allows; any other is refused.
void require_only_fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed);

// The attempt a write is for: the task in the path and "attempt" (a whole number from 1) in the body.
store::Fence parse_fence(std::string task_id, const nlohmann::json& body);

// A number field; `fallback` when absent.
double number_field(const nlohmann::json& body, std::string_view name, double fallback);

// A string field; required ones are refused when absent.
std::string string_field(const nlohmann::json& body, std::string_view name, bool required);

// A leased task as its worker needs it: task_id, attempt (the fence for every later write), service, user_id,
// parameters, priority, lease_expires_at, created_at.
nlohmann::json leased_task_to_json(const task::Task& task, const util::TimeFormatter& time);

}  // namespace dms::api
