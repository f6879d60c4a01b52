#include "store/redis/keys.hpp"

namespace dms::store::redis::keys {
namespace {

std::string join(std::string_view prefix, std::string_view name) {
    std::string key;
    key.reserve(prefix.size() + name.size());
    key.append(prefix).append(name);
    return key;
}

}  // namespace

std::string task(std::string_view task_id) { return join(kTask, task_id); }

std::string logs(std::string_view task_id) { return join(kLogs, task_id); }

std::string attempts(std::string_view task_id) { return join(kAttempts, task_id); }

std::string queue(task::Priority priority) { return join(kQueue, task::to_string(priority)); }

std::string delayed(std::string_view service) { return join(kDelayed, service); }

std::string service_index(std::string_view service) { return join(kServiceIndex, service); }

std::string user_index(std::string_view user_id) { return join(kUserIndex, user_id); }

std::string service_user_index(std::string_view service, std::string_view user_id) {
    return join(kServiceUserIndex, std::string(service) + ":" + std::string(user_id));
}

std::string status_index(task::Status status) { return join(kStatusIndex, task::to_string(status)); }

std::string users(std::string_view service) { return join(kUsers, service); }

}  // namespace dms::store::redis::keys
