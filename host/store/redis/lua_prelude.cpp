#include "store/redis/lua_prelude.hpp"

#include "store/redis/fairness_lua.hpp"
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

-- Counts and totals add up here and reach dms:stats once, when the script ends (flush_deferred): a batch of a
-- thousand endings of one service writes its two counts once instead of a thousand times each. Nothing in a script
-- reads dms:stats after changing a count.
local stat_deltas, last_touched = {}, nil
-- count:<status>:<service>:<priority> by its parts: three table look-ups instead of building the string at each change.
local count_fields = {}
-- t[key], made an empty table first when absent.
local function subtable(t, key)
    local inner = t[key]
    if not inner then
        inner = {}
        t[key] = inner
    end
    return inner
end
local function count_field(status, service, priority)
    local by_priority = subtable(subtable(count_fields, status), service)
    local field = by_priority[priority]
    if not field then
        field = 'count:' .. status .. ':' .. service .. ':' .. priority
        by_priority[priority] = field
    end
    return field
end
local function count(status, service, priority, delta)
    local field = count_field(status, service, priority)
    stat_deltas[field] = (stat_deltas[field] or 0) + delta
end
local function total(name) stat_deltas[name] = (stat_deltas[name] or 0) + 1 end
local function touch(now) last_touched = now end

-- Each priority's fair clock as this script read or moved it; a moved one is written once, when the script ends.
local fair_clocks, moved_clocks = {}, {}
-- Each user's last fair key per priority as this script read or moved it (false: none), by its field 'user:<user>';
-- a moved one is written or deleted once, when the script ends: a batch of one user's tasks reads it once.
local user_lasts, moved_users = {}, {}

-- The sorted-set writes of status changes (status index, queues, leases, finished), kept key by key in their order and
-- sent when the script ends as one ZADD or ZREM per run of the same command: a batch of 500 leases then costs a few
-- calls per key instead of 500. Every script reads the sorted sets it needs before its first status change.
local zset_writes, zset_keys = {}, {}
local function zset_later(command, key, a, b)
    local writes = zset_writes[key]
    if not writes then
        writes = {}
        zset_writes[key] = writes
        zset_keys[#zset_keys + 1] = key
    end
    local run = writes[#writes]
    if not run or run[1] ~= command then
        run = {command}
        writes[#writes + 1] = run
    end
    run[#run + 1] = a
    if b then run[#run + 1] = b end
end
local function zadd_later(key, score, member) zset_later('ZADD', key, score, member) end
local function zrem_later(key, member) zset_later('ZREM', key, member) end
-- Arguments per call: Lua's unpack takes a few thousand at most, and a batch may hold 4,096 endings.
local MAX_ARGS_PER_CALL = 1000
-- Calls `command` on `key` with args[from], args[from + 1], ... in calls of at most MAX_ARGS_PER_CALL; an even count,
-- so a pair (a score and its member, a field and its value) stays in one call.
local function call_in_chunks(command, key, args, from)
    for first = from, #args, MAX_ARGS_PER_CALL do
        redis.call(command, key, unpack(args, first, math.min(#args, first + MAX_ARGS_PER_CALL - 1)))
    end
end
local function flush_zset_writes()
    for _, key in ipairs(zset_keys) do
        for _, run in ipairs(zset_writes[key]) do call_in_chunks(run[1], key, run, 2) end
    end
    zset_writes, zset_keys = {}, {}
end

-- Writes what the script deferred: its sorted-set writes, its count and total changes, its last touch, its fair clocks
-- and its users' last fair keys.
local function flush_deferred()
    flush_zset_writes()
    for field, delta in pairs(stat_deltas) do
        -- A count that reaches zero goes, so the hash holds only what exists.
        if delta ~= 0 and redis.call('HINCRBY', K.stats, field, delta) == 0 then redis.call('HDEL', K.stats, field) end
    end
    if last_touched then redis.call('HSET', K.stats, 'last_updated', last_touched) end
    for priority in pairs(moved_clocks) do
        redis.call('HSET', K.fair .. priority, 'clock', string.format('%d', fair_clocks[priority]))
    end
    for priority, users in pairs(moved_users) do
        local set, gone = {}, {}
        for field in pairs(users) do
            local last = user_lasts[priority][field]
            if last then
                set[#set + 1] = field
                set[#set + 1] = string.format('%d', last)
            else
                gone[#gone + 1] = field
            end
        end
        call_in_chunks('HSET', K.fair .. priority, set, 1)
        call_in_chunks('HDEL', K.fair .. priority, gone, 1)
    end
    stat_deltas, last_touched, moved_clocks, user_lasts, moved_users = {}, nil, {}, {}, {}
end

local function log_line(id, at, message) redis.call('RPUSH', K.logs .. id, at .. ' ' .. message) end

-- Queues are scored by fair key (whole numbers, exact in a double); equal keys are ordered by task id.
local function enqueue(id, priority, service, fair_key)
    redis.call('ZADD', K.queue .. priority, fair_key, id)
    redis.call('ZADD', K.queue .. priority .. ':' .. service, fair_key, id)
end

-- A task of `user` entering the queue of `priority` gets the later of its user's last key and the priority's clock,
-- plus its step (store/fair_clock.hpp); its user's last key moves there. Stored as dms:fair:<priority>.
local function fair_clock(priority)
    local clock = fair_clocks[priority]
    if not clock then
        clock = tonumber(redis.call('HGET', K.fair .. priority, 'clock') or 0)
        fair_clocks[priority] = clock
    end
    return clock
end
local function user_last(priority, field)
    local lasts = subtable(user_lasts, priority)
    local last = lasts[field]
    if last == nil then
        last = tonumber(redis.call('HGET', K.fair .. priority, field) or '') or false
        lasts[field] = last
    end
    return last
end
local function move_user_last(priority, field, last)
    subtable(user_lasts, priority)[field] = last
    subtable(moved_users, priority)[field] = true
end
local function next_fair_key(priority, user, step)
    local field = 'user:' .. user
    local fair = math.max(fair_clock(priority), user_last(priority, field) or 0) + tonumber(step)
    move_user_last(priority, field, fair)
    return fair
end
-- A task with this key was leased: the priority's clock moves up to it. When it was its user's last key, the user's
-- entry goes: the clock now covers it, and the hash stays as small as the users with tasks waiting.
local function fair_leased(priority, fair, user)
    if fair > fair_clock(priority) then
        fair_clocks[priority] = fair
        moved_clocks[priority] = true
    end
    local field = 'user:' .. user
    if user_last(priority, field) == fair then move_user_last(priority, field, false) end
end
local function dequeue(id, priority, service)
    redis.call('ZREM', K.queue .. priority, id)
    redis.call('ZREM', K.queue .. priority .. ':' .. service, id)
end

-- Retrying and scheduled tasks of a service whose time has come join its queue at their own seq and current priority, so a lease
-- sees them among the queued ones; a task not yet due stays out of the queue and blocks nothing. Each retry is
-- moved once, so this costs a lease only the tasks that became due since the last one.
local function promote_due(service, now)
    local key = K.delayed .. service
    local due = redis.call('ZRANGEBYSCORE', key, '-inf', now)
    if #due == 0 then return end
    for _, id in ipairs(due) do
        local v = redis.call('HMGET', K.task .. id, 'priority', 'fair_key', 'user_id', 'fair_step')
        if v[1] then
            local fair = tonumber(v[2] or 0) or 0
            -- A scheduled task gets its key now that it is due; a retrying one keeps its place.
            if fair == 0 then
                fair = next_fair_key(v[1], v[3], v[4] or '1000')
                redis.call('HSET', K.task .. id, 'fair_key', string.format('%d', fair))
            end
            enqueue(id, v[1], service, fair)
        end
    end
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
end

-- The fields a state read may add to the six every status change needs, each with how its value reads (absent in tasks
-- written before the field existed).
local STATE_FIELDS = {
    cancel_requested = function(v) return v == '1' end,
    user_id = function(v) return v end,
    lease_owner = function(v) return v or '' end,
    attempt_started_at = function(v) return v or '' end,
    fair_step = function(v) return v or '1000' end,
    started_at = function(v) return v or '' end,
    failures = function(v) return tonumber(v or 0) end,
}
local NO_FIELDS = {}
-- A task's state: status, service, priority, seq, attempts and fair key (seq in tasks written before fairness), plus
-- the fields of STATE_FIELDS that `more` names, in the same HMGET. Each name read costs a lease or an ending a few
-- tenths of a microsecond of the server's one core, so a script asks only for what it uses.
local function state_of(id, more)
    more = more or NO_FIELDS
    local v = redis.call('HMGET', K.task .. id, 'status', 'service', 'priority', 'seq', 'attempts', 'fair_key',
                         unpack(more))
    if not v[1] then return nil end
    local s = {id = id, status = v[1], service = v[2], priority = v[3], seq = v[4], attempts = tonumber(v[5]),
               fair_key = v[6] or v[4]}
    for i = 1, #more do s[more[i]] = STATE_FIELDS[more[i]](v[6 + i]) end
    return s
end

local function task_fields(id) return redis.call('HGETALL', K.task .. id) end

-- Appends a running task's attempt, ended now, to its history; `s` is its state read before the attempt ended, with
-- lease_owner and attempt_started_at.
local function record_attempt(s, outcome, now, why)
    redis.call('RPUSH', K.attempts .. s.id, cjson.encode({number = s.attempts, host = s.lease_owner,
        outcome = outcome, started_at = s.attempt_started_at, finished_at = now, error = why}))
end

local function add_field(fields, field, value)
    fields[#fields + 1] = field
    fields[#fields + 1] = value
end

-- Moves a task to status `to`, keeping its queue and delayed entries, status index, lease, counts and totals in step.
-- `not_before` is needed when `to` is retrying. `fields` (pairs of field and value, or nil) are the caller's own
-- changes to the task's hash, written with the status in one HSET.
local function change_status(s, to, now, not_before, fields)
    local key = K.task .. s.id
    local from = s.status
    fields = fields or {}
    count(from, s.service, s.priority, -1)
    count(to, s.service, s.priority, 1)
    zrem_later(K.status_index .. from, s.id)
    zadd_later(K.status_index .. to, s.seq, s.id)
    -- A retrying or scheduled task is in the delayed set until it is due, then in its queue until it is leased.
    if from == QUEUED or WAITS[from] then
        zrem_later(K.queue .. s.priority, s.id)
        zrem_later(K.queue .. s.priority .. ':' .. s.service, s.id)
    end
    if WAITS[from] then
        redis.call('ZREM', K.delayed .. s.service, s.id)
        add_field(fields, 'not_before', '')
    end
    if to == QUEUED then
        zadd_later(K.queue .. s.priority, s.fair_key, s.id)
        zadd_later(K.queue .. s.priority .. ':' .. s.service, s.fair_key, s.id)
        add_field(fields, 'queued_at', now)
    end
    if to == RETRYING then
        redis.call('ZADD', K.delayed .. s.service, not_before, s.id)
        add_field(fields, 'not_before', not_before)
    end
    if from == RUNNING and to ~= RUNNING then
        zrem_later(K.leases, s.id)
        add_field(fields, 'lease_owner', '')
        add_field(fields, 'lease_expires_at', '')
        add_field(fields, 'attempt_started_at', '')
    end
    if to == RUNNING and from ~= RUNNING then total('dispatched') end
    if from == RUNNING and to == QUEUED then total('requeued') end
    if from == RUNNING and to == RETRYING then total('retried') end
    if FINAL[to] then
        add_field(fields, 'finished_at', now)
        zadd_later(K.finished, now, s.id)
        -- The totals of endings are named after the final statuses: completed, failed, cancelled.
        if from ~= to then total(to) end
    elseif FINAL[from] then
        -- An operator's resubmit: the task is no longer finished, so the TTL sweep must not take it.
        add_field(fields, 'finished_at', '')
        zrem_later(K.finished, s.id)
    end
    add_field(fields, 'status', to)
    add_field(fields, 'updated_at', now)
    redis.call('HSET', key, unpack(fields))
    touch(now)
    s.status = to
end

-- Stores a new task at `seq`: queued, or scheduled when not_before is not ''; template_id '' for a submission;
-- fair_step its user's step (a scheduled task gets its fair key when due).
local function insert_task(seq, now, first_log, id, service, user, parameters, priority, created_at, max_retries,
                           timeout_seconds, not_before, template_id, fair_step)
    local status = not_before == '' and QUEUED or SCHEDULED
    local fair = status == QUEUED and next_fair_key(priority, user, fair_step) or 0
    -- A hash this small is a listpack, where each field is found by a scan from the front: state_of's fields come
    -- first, then those that status changes write, so the reads and writes of every lease and ending stop early.
    redis.call('HSET', K.task .. id, 'status', status, 'service', service, 'priority', priority, 'seq', seq,
               'attempts', '0', 'cancel_requested', '0', 'user_id', user, 'lease_owner', '',
               'attempt_started_at', '', 'fair_key', string.format('%d', fair), 'fair_step', fair_step,
               'started_at', '', 'failures', '0', 'lease_expires_at', '', 'updated_at', now, 'finished_at', '',
               'not_before', not_before, 'queued_at', now, 'task_id', id, 'parameters', parameters, 'result', '{}',
               'progress_done', '0', 'progress_total', '0', 'progress_unit', '', 'progress_message', '',
               'checkpoint', '', 'created_at', created_at, 'max_retries', max_retries,
               'timeout_seconds', timeout_seconds, 'template_id', template_id)
    log_line(id, now, first_log)
    if status == QUEUED then
        enqueue(id, priority, service, fair)
    else
        redis.call('ZADD', K.delayed .. service, not_before, id)
    end
    redis.call('ZADD', K.index, seq, id)
    redis.call('ZADD', K.service_index .. service, seq, id)
    redis.call('ZADD', K.user_index .. user, seq, id)
    redis.call('ZADD', K.service_user_index .. service .. ':' .. user, seq, id)
    redis.call('ZADD', K.status_index .. status, seq, id)
    redis.call('HINCRBY', K.users .. service, user, 1)
    count(status, service, priority, 1)
    total('submitted')
end

-- Deletes a task with its logs, attempts and every entry that points at it. False when there was none.
local function remove_task(id, now)
    local s = state_of(id, {'user_id'})
    if not s then return false end
    count(s.status, s.service, s.priority, -1)
    -- Queued tasks, and waiting ones that became due, are in a queue; the others are not, and ZREM ignores them.
    dequeue(id, s.priority, s.service)
    redis.call('ZREM', K.delayed .. s.service, id)
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
    redis.call('DEL', K.task .. id, K.logs .. id, K.attempts .. id)
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

std::string lua_main(std::string_view body) {
    // pcall: Redis keeps a script's writes up to an error it raises, so the deferred ones must follow them then too,
    // or a batch's hashes would say `completed` while its index entries and counts still say `running`.
    return "local function main()\n" + std::string(body) +
           "\nend\nlocal ok, reply = pcall(main)\nflush_deferred()\nif not ok then error(reply, 0) end\nreturn reply\n";
}

std::string lua_prelude() {
    std::string lua = "local K = {";
    auto key = [&](std::string_view name, std::string_view value) {
        lua += std::string(name) + " = " + lua_quote(value) + ", ";
    };
    key("task", keys::kTask);
    key("logs", keys::kLogs);
    key("attempts", keys::kAttempts);
    key("queue", keys::kQueue);
    key("fair", keys::kFair);
    key("delayed", keys::kDelayed);
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
    key("paused", keys::kPausedServices);
    key("block_all", keys::kBlockAll);
    key("block_users", keys::kBlockUsers);
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
    lua += "}\nlocal WAITS = {";
    for (task::Status status : task::kAllStatuses) {
        if (task::waits_for_time(status)) lua += "[" + lua_quote(task::to_string(status)) + "] = true, ";
    }
    lua += "}\nlocal PRIORITIES = {";
    for (task::Priority priority : task::kAllPriorities) lua += lua_quote(task::to_string(priority)) + ", ";
    lua += "}\n";
    auto constant = [&](std::string_view name, std::string_view value) {
        lua += "local " + std::string(name) + " = " + lua_quote(value) + "\n";
    };
    constant("QUEUED", task::to_string(task::Status::queued));
    constant("RUNNING", task::to_string(task::Status::running));
    constant("RETRYING", task::to_string(task::Status::retrying));
    constant("SCHEDULED", task::to_string(task::Status::scheduled));
    constant("LEASE", task::to_string(task::Event::lease));
    constant("SUCCEED", task::to_string(task::Event::succeed));
    constant("FAIL", task::to_string(task::Event::fail));
    constant("CANCEL", task::to_string(task::Event::cancel));
    constant("REQUEUE", task::to_string(task::Event::requeue));
    constant("RETRY", task::to_string(task::Event::retry));
    constant("RESUBMIT", task::to_string(task::Event::resubmit));
    lua += kHelpers;
    lua += fairness_lua();
    return lua;
}

}  // namespace dms::store::redis
