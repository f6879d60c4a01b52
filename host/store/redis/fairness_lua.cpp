#include "store/redis/fairness_lua.hpp"

namespace dms::store::redis {
namespace {

constexpr std::string_view kFairness = R"lua(
local function is_paused(service) return redis.call('SISMEMBER', K.paused, service) == 1 end

-- Running tasks of a service over every host: its running counts in dms:stats, which every status change keeps exact.
local function running_in(service)
    local total = 0
    for p = 1, #PRIORITIES do
        local field = 'count:' .. RUNNING .. ':' .. service .. ':' .. PRIORITIES[p]
        total = total + tonumber(redis.call('HGET', K.stats, field) or 0)
    end
    return total
end

-- Running tasks of a service by user, read from the running tasks themselves: they are few (the workers of all hosts).
local function running_by_user(service)
    local counts = {}
    for _, id in ipairs(redis.call('ZRANGE', K.status_index .. RUNNING, 0, -1)) do
        local v = redis.call('HMGET', K.task .. id, 'service', 'user_id')
        if v[1] == service then counts[v[2]] = (counts[v[2]] or 0) + 1 end
    end
    return counts
end

-- A lease looks at no more than this many queued tasks of capped users per service, so its cost stays bounded; tasks
-- behind more of them wait for a later lease.
local MAX_PASSED_OVER = 10000

-- Adds to `candidates` ({priority index, seq, id}) the first `most` queued tasks of the service, in queue order, whose
-- users have fewer than `per_user` running (counting those this lease takes). Returns how many it added.
local function heads_under_user_cap(service, most, per_user, candidates)
    local running = running_by_user(service)
    local taken, passed_over = 0, 0
    for p = 1, #PRIORITIES do
        local key = K.queue .. PRIORITIES[p] .. ':' .. service
        local from = 0
        while taken < most and passed_over < MAX_PASSED_OVER do
            local heads = redis.call('ZRANGE', key, from, from + 63, 'WITHSCORES')
            if #heads == 0 then break end
            for j = 1, #heads, 2 do
                local user = redis.call('HGET', K.task .. heads[j], 'user_id')
                local now_running = running[user] or 0
                if now_running < per_user then
                    running[user] = now_running + 1
                    candidates[#candidates + 1] = {p, tonumber(heads[j + 1]), heads[j]}
                    taken = taken + 1
                    if taken >= most then break end
                else
                    passed_over = passed_over + 1
                end
            end
            from = from + 64
        end
        if taken >= most or passed_over >= MAX_PASSED_OVER then break end
    end
    return taken
end
)lua";

}  // namespace

std::string_view fairness_lua() { return kFairness; }

}  // namespace dms::store::redis
