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

-- When a queued task began to wait: a retrying or scheduled one (in its queue once due) at its not_before, else when it
-- last entered its queue.
local function waiting_since(id)
    local v = redis.call('HMGET', K.task .. id, 'status', 'not_before', 'queued_at', 'created_at')
    if WAITS[v[1]] and v[2] and v[2] ~= '' then return tonumber(v[2]) end
    if v[3] and v[3] ~= '' then return tonumber(v[3]) end
    return tonumber(v[4] or 0)
end

-- Bounded wait: adds to `overdue` ({priority index, fair key, id}) the service's front of each bounded priority, in
-- queue order, as far as its tasks have waited since at or before the bound's cutoff (`bounds`: priority -> cutoff),
-- at most `most` in all. Returns how many it added.
local function overdue_heads(service, most, bounds, overdue)
    local taken = 0
    for p = 1, #PRIORITIES do
        local cutoff = bounds[PRIORITIES[p]]
        local key = K.queue .. PRIORITIES[p] .. ':' .. service
        local from, done = 0, cutoff == nil
        while not done and taken < most do
            local heads = redis.call('ZRANGE', key, from, from + 63, 'WITHSCORES')
            if #heads == 0 then break end
            for j = 1, #heads, 2 do
                if taken >= most or waiting_since(heads[j]) > cutoff then
                    done = true
                    break
                end
                overdue[#overdue + 1] = {p, tonumber(heads[j + 1]), heads[j]}
                taken = taken + 1
            end
            from = from + 64
        end
    end
    return taken
end
)lua";

}  // namespace

std::string_view fairness_lua() { return kFairness; }

}  // namespace dms::store::redis
