#pragma once

#include <cstdint>
#include <string>

namespace dms::load {

// Where the host under test listens, and the API prefix of its routes.
struct HostAddress {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string prefix = "/api/v1";

    // "http://127.0.0.1:8000" or "http://127.0.0.1:8000/api/v1"; throws std::invalid_argument otherwise.
    static HostAddress parse(const std::string& url);
    std::string describe() const { return "http://" + host + ":" + std::to_string(port) + prefix; }

    // {prefix}/services/{service}/users/{user}/tasks: where a submission goes.
    std::string tasks_path(const std::string& service, const std::string& user) const {
        return prefix + "/services/" + service + "/users/" + user + "/tasks";
    }
    // {prefix}/services/{service}/tasks/{id}?user_id={user}: one task.
    std::string task_path(const std::string& service, const std::string& id, const std::string& user) const {
        return prefix + "/services/" + service + "/tasks/" + id + "?user_id=" + user;
    }
};

}  // namespace dms::load
