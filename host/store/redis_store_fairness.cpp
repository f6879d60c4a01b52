// RedisStore's paused services (the set dms:paused:services, read by the lease script) and running counts.
#include <algorithm>

#include "store/redis/keys.hpp"
#include "store/redis/lua_prelude.hpp"
#include "store/redis_store.hpp"

namespace dms::store {

namespace keys = redis::keys;
using redis::Connection;

namespace {

// ARGV: service, user. Returns {running tasks of the service, of the user in it}, as the lease script counts them.
const redis::Script& running_count_script() {
    static const redis::Script script("running_count", redis::lua_prelude() + redis::lua_main(R"lua(
local by_user = running_by_user(ARGV[1])
return {running_in(ARGV[1]), by_user[ARGV[2]] or 0}
)lua"));
    return script;
}

}  // namespace

std::vector<std::string> RedisStore::paused_services() {
    redis::Reply names = reader_.run([](Connection& connection) {
        return connection.call({"SMEMBERS", std::string(keys::kPausedServices)});
    });
    std::vector<std::string> services;
    services.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) services.push_back(names.at(i).str());
    std::sort(services.begin(), services.end());
    return services;
}

void RedisStore::set_service_paused(std::string_view service, bool paused) {
    writer_.run([&](Connection& connection) {
        connection.call({paused ? "SADD" : "SREM", keys::kPausedServices, service});
    });
}

RunningCount RedisStore::running_count(std::string_view service, std::string_view user_id) {
    redis::Reply counts = run(running_count_script(), {std::string(service), std::string(user_id)});
    return {counts.at(0).integer(), counts.at(1).integer()};
}

}  // namespace dms::store
