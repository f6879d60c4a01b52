#include "store/redis/lua_prelude.hpp"

#include "store/redis/keys.hpp"
#include "task/priority.hpp"
#include "task/state_machine.hpp"
#include "task/status.hpp"

namespace dms::store::redis {
namespace {

// The helpers every script shares. `s` is a task's state as state_of reads it; times are microsecond strings
// passed in by the caller and never turned into Lua numbers (doubles would print them with an exponent).
constexpr std::string_view kHelpers = R"lua(
local function next_status(from, event) return NEXT[from .. ':' .. event] end

local function count(status, service, priority, delta)
    local field = 'count:' .. status .. ':' .. service .. ':' .. priority
    if redis.call('HINCRBY', K.stats, field, delta) == 0 then redis.call('HDEL', K.stats, field) end
end
local function total(name) redis.call('HINCRBY', K.stats, name, 1) end
local function touch(now) redis.call('HSET', K.stats, 'last_updated', now) end

local function log_line(id, at, message) redis.call('RPUSH', K.logs .. id, at .. ' ' .. message) end

local function enqueue(id, priority, service, seq)
    redis.call('ZADD', K.queue .. priority, seq, id)
    redis.call('ZADD', K.queue .. priority .. ':' .. service, seq, id)
end
local function dequeue(id, priority, service)
    redis.call('ZREM', K.queue .. priority, id)
    redis.call('ZREM', K.queue .. priority .. ':' .. service, id)
end

local function state_of(id)
    local v = redis.call('HMGET', K.task .. id, 'status', 'service', 'priority', 'seq', 'attempts',
                         'cancel_requested', 'user_id')
    if not v[1] then return nil end
    return {id = id, status = v[1], service = v[2], priority = v[3], seq = v[4], attempts = tonumber(v[5]),
            cancel_requested = v[6] == '1', user_id = v[7]}
end

local function task_fields(id) return redis.call('HGETALL', K.task .. id) end

-- Moves a task to status `to`, keeping its queue entry, status index, lease, counts and totals in step.
local function change_status(s, to, now)
    local key = K.task .. s.id
    local from = s.status
    count(from, s.service, s.priority, -1)
    count(to, s.service, s.priority, 1)
    redis.call('ZREM', K.status_index .. from, s.id)
    redis.call('ZADD', K.status_index .. to, s.seq, s.id)
    if from == QUEUED then dequeue(s.id, s.priority, s.service) end
    if to == QUEUED then enqueue(s.id, s.priority, s.service, s.seq) end
    if from == RUNNING and to ~= RUNNING then
        redis.call('ZREM', K.leases, s.id)
        redis.call('HSET', key, 'lease_owner', '', 'lease_expires_at', '')
    end
    if from == QUEUED and to == RUNNING then total('dispatched') end
    if from == RUNNING and to == QUEUED then total('requeued') end
    if FINAL[to] then
        redis.call('HSET', key, 'finished_at', now)
        redis.call('ZADD', K.finished, now, s.id)
        -- The totals of endings are named after the final statuses: completed, failed, cancelled.
        if from ~= to then total(to) end
    end
    redis.call('HSET', key, 'status', to, 'updated_at', now)
    touch(now)
    s.status = to
end

-- Deletes a task with its logs and every entry that points at it. False when there was none.
local function remove_task(id, now)
    local s = state_of(id)
    if not s then return false end
    count(s.status, s.service, s.priority, -1)
    if s.status == QUEUED then dequeue(id, s.priority, s.service) end
    redis.call('ZREM', K.leases, id)
    redis.call('ZREM', K.finished, id)
    redis.call('ZREM', K.index, id)
    redis.call('ZREM', K.service_index .. s.service, id)
    redis.call('ZREM', K.user_index .. s.user_id, id)
    redis.call('ZREM', K.service_user_index .. s.service .. ':' .. s.user_id, id)
    redis.call('ZREM', K.status_index .. s.status, id)
    if redis.call('HINCRBY', K.users .. s.service, s.user_id, -1) <= 0 then
        redis.call('HDEL', K.users .. s.service, s.user_id)
    end
    redis.call('DEL', K.task .. id, K.logs .. id)
    touch(now)
    return true
end
)lua";

}  // namespace

std::string lua_quote(std::string_view text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\\' || c == '\'') quoted += '\\';
        if (c == '\n') {
            quoted += "\\n";
            continue;
        }
        quoted += c;
    }
    return quoted + "'";
}

std::string lua_prelude() {
    std::string lua = "local K = {";
    auto key = [&](std::string_view name, std::string_view value) {
        lua += std::string(name) + " = " + lua_quote(value) + ", ";
    };
    key("task", keys::kTask);
    key("logs", keys::kLogs);
    key("queue", keys::kQueue);
    key("index", keys::kIndex);
    key("service_index", keys::kServiceIndex);
    key("user_index", keys::kUserIndex);
    key("service_user_index", keys::kServiceUserIndex);
    key("status_index", keys::kStatusIndex);
    key("users", keys::kUsers);
    key("stats", keys::kStats);
    key("seq", keys::kSeq);
    key("leases", keys::kLeases);
    key("finished", keys::kFinished);
    lua += "}\n";

    // The state machine's table, row by row: NEXT['<from>:<event>'] = '<to>'.
    lua += "local NEXT = {";
    for (const task::Transition& move : task::transitions()) {
        lua += "[" +
               lua_quote(std::string(task::to_string(move.from)) + ":" + std::string(task::to_string(move.event))) +
               "] = " + lua_quote(task::to_string(move.to)) + ", ";
    }
    lua += "}\nlocal FINAL = {";
    for (task::Status status : task::kAllStatuses) {
        if (task::is_final(status)) lua += "[" + lua_quote(task::to_string(status)) + "] = true, ";
    }
    lua += "}\nlocal PRIORITIES = {";
    for (task::Priority priority : task::kAllPriorities) lua += lua_quote(task::to_string(priority)) + ", ";
    lua += "}\n";
    lua += "local QUEUED = " + lua_quote(task::to_string(task::Status::queued)) + "\n";
    lua += "local RUNNING = " + lua_quote(task::to_string(task::Status::running)) + "\n";
    lua += "local LEASE = " + lua_quote(task::to_string(task::Event::lease)) + "\n";
    lua += "local CANCEL = " + lua_quote(task::to_string(task::Event::cancel)) + "\n";
    lua += "local REQUEUE = " + lua_quote(task::to_string(task::Event::requeue)) + "\n";
    lua += kHelpers;
    return lua;
}

}  // namespace dms::store::redis
