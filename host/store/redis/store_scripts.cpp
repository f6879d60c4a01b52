#include "store/redis/store_scripts.hpp"

#include <string_view>

#include "store/redis/lua_prelude.hpp"

namespace dms::store::redis {
namespace {

// ARGV: now, log, n, then per task: id, service, user_id, parameters (JSON), priority, created_at, max_retries,
// timeout_seconds ('' for none), first log line ('' for `log`), not_before ('' for none: queued; else scheduled),
// fair step (FairShares).
// Refuses the whole batch, before writing anything, when an id is taken or repeated. A task is left out while all
// submissions are blocked or its user is (the blocks read here, with the inserts, as one atomic step). Returns the
// first seq, then per task 0 (stored), 1 (all blocked) or 2 (user blocked); the stored ones have consecutive seqs
// in their order.
constexpr std::string_view kSubmit = R"lua(
local now, log, n = ARGV[1], ARGV[2], tonumber(ARGV[3])
local seen = {}
for i = 0, n - 1 do
    local id = ARGV[4 + i * 11]
    if seen[id] or redis.call('EXISTS', K.task .. id) == 1 then
        return redis.error_reply('task id ' .. id .. ' is already taken')
    end
    seen[id] = true
end
local all_blocked = redis.call('GET', K.block_all) == '1'
local refusals, stored = {}, 0
for i = 0, n - 1 do
    local refusal = 0
    if all_blocked then
        refusal = 1
    elseif redis.call('SISMEMBER', K.block_users, ARGV[4 + i * 11 + 2]) == 1 then
        refusal = 2
    end
    refusals[i + 1] = refusal
    if refusal == 0 then stored = stored + 1 end
end
local first = redis.call('INCRBY', K.seq, stored) - stored + 1
local seq = first
for i = 0, n - 1 do
    if refusals[i + 1] == 0 then
        local b = 4 + i * 11
        -- A task's own first line (naming its request) when it brought one.
        insert_task(string.format('%d', seq), now, ARGV[b + 8] ~= '' and ARGV[b + 8] or log, ARGV[b], ARGV[b + 1],
                    ARGV[b + 2], ARGV[b + 3], ARGV[b + 4], ARGV[b + 5], ARGV[b + 6], ARGV[b + 7], ARGV[b + 9], '',
                    ARGV[b + 10])
        seq = seq + 1
    end
end
if stored > 0 then touch(now) end
local reply = {first}
for i = 1, n do reply[i + 1] = refusals[i] end
return reply
)lua";

// ARGV: now, due (retrying tasks with not_before at or before it may be taken), host, lease_until, log, max, n, n
// services, m, m pairs of (service, cap), w, w pairs of (priority, cutoff: tasks waiting since before it are overdue),
// then triples of (service, running cap, running cap per user; '0': none).
// Takes the first `max` tasks in queue order (priority, then fair key, then id) among the services that are not paused,
// at most cap of a capped service, as single leases would one by one, after the overdue fronts of bounded priorities
// (of services without running caps); a service at its running cap gives none, and a user at theirs is passed over.
// Each leased task's key moves its priority's fair clock. Returns the leased tasks' ids, in that order: the caller reads
// their hashes with plain HGETALLs after, which cost Redis about a third of the same reads made here through Lua.
constexpr std::string_view kLease = R"lua(
local now, due, host, lease_until, log = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local max, n = tonumber(ARGV[6]), tonumber(ARGV[7])
local m = tonumber(ARGV[8 + n])
local caps, running_caps, bounds = {}, {}, {}
for i = 9 + n, 8 + n + 2 * m, 2 do caps[ARGV[i]] = tonumber(ARGV[i + 1]) end
local w = tonumber(ARGV[9 + n + 2 * m])
for i = 10 + n + 2 * m, 9 + n + 2 * m + 2 * w, 2 do bounds[ARGV[i]] = tonumber(ARGV[i + 1]) end
for i = 10 + n + 2 * m + 2 * w, #ARGV - 2, 3 do
    running_caps[ARGV[i]] = {tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])}
end
local candidates, overdue, seen = {}, {}, {}
local sources = 0  -- services that gave candidates: one service's come in queue order already
for i = 8, 7 + n do
    local service = ARGV[i]
    local had = #candidates
    -- A paused service's tasks stay where they are, due ones included.
    if not seen[service] and is_paused(service) then seen[service] = true end
    if not seen[service] then promote_due(service, due) end
    local most = max
    if caps[service] and caps[service] < most then most = caps[service] end
    local limits = running_caps[service]
    if limits and limits[1] > 0 and not seen[service] then
        most = math.min(most, math.max(limits[1] - running_in(service), 0))
    end
    local taken = 0
    if not limits and not seen[service] then taken = overdue_heads(service, most, bounds, overdue) end
    if limits and limits[2] > 0 and not seen[service] and most > 0 then
        taken = heads_under_user_cap(service, most, limits[2], candidates)
        seen[service] = true
    end
    -- No more than `most` of one service can be among the first `max`: read only those heads.
    for p = 1, #PRIORITIES do
        if taken >= most or seen[service] then break end
        local heads = redis.call('ZRANGE', K.queue .. PRIORITIES[p] .. ':' .. service, 0, most - taken - 1,
                                 'WITHSCORES')
        for j = 1, #heads, 2 do
            candidates[#candidates + 1] = {p, tonumber(heads[j + 1]), heads[j]}
            taken = taken + 1
        end
    end
    seen[service] = true
    if #candidates > had then sources = sources + 1 end
end
local function before(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    if a[2] ~= b[2] then return a[2] < b[2] end
    return a[3] < b[3]
end
if sources > 1 then table.sort(candidates, before) end
-- The overdue first, lowest priority first (it has waited behind the most), then queue order.
table.sort(overdue, function(a, b)
    if a[1] ~= b[1] then return a[1] > b[1] end
    return before(a, b)
end)
for _, candidate in ipairs(candidates) do overdue[#overdue + 1] = candidate end
local leased, taken_ids = {}, {}
local wanted = {'user_id', 'started_at'}
for i = 1, #overdue do
    if #leased >= max then break end
    local candidate = overdue[i]
    local s = not taken_ids[candidate[3]] and state_of(candidate[3], wanted)
    taken_ids[candidate[3]] = true
    local to = s and next_status(s.status, LEASE)
    if to then
        fair_leased(PRIORITIES[candidate[1]], candidate[2], s.user_id)
        local fields = {'attempts', string.format('%d', s.attempts + 1), 'lease_owner', host,
                        'lease_expires_at', lease_until, 'attempt_started_at', now}
        -- started_at records the first attempt's start; later attempts show in the log.
        if s.started_at == '' then add_field(fields, 'started_at', now) end
        change_status(s, to, now, nil, fields)
        zadd_later(K.leases, lease_until, s.id)
        log_line(s.id, now, log)
        leased[#leased + 1] = s.id
    end
end
return leased
)lua";

// ARGV: cancelled_instead_of_requeue_log, cancelled_instead_of_retry_log, with_task ('1' or '0'), n, then per ending:
// id, attempt, event, has_result ('1' or '0'), result (JSON), log, now, not_before (retry; '' for now), started ('1'
// or '0'), error. Each ending is applied as finish describes; returns per ending {change} or, with with_task or when
// illegal, {change, fields}.
constexpr std::string_view kFinish = R"lua(
local instead_of_requeue, instead_of_retry = ARGV[1], ARGV[2]
local with_task, n = ARGV[3] == '1', tonumber(ARGV[4])
-- How an attempt ended, by the event that ended it, whatever became of the task.
local OUTCOME = {[SUCCEED] = 'completed', [FAIL] = 'failed', [RETRY] = 'failed', [CANCEL] = 'cancelled',
                 [REQUEUE] = 'interrupted'}
local results = {}
local wanted = {'cancel_requested', 'lease_owner', 'attempt_started_at', 'failures'}
for i = 0, n - 1 do
    local b = 5 + i * 10
    local id, event, now = ARGV[b], ARGV[b + 2], ARGV[b + 6]
    local s = state_of(id, wanted)
    if not s then
        results[#results + 1] = {'not_found'}
    elseif s.status ~= RUNNING or s.attempts ~= tonumber(ARGV[b + 1]) then
        results[#results + 1] = {'stale'}
    else
        -- Nobody wants a task whose cancel was requested to run again: its requeue or retry cancels it.
        local instead = (event == REQUEUE or event == RETRY) and s.cancel_requested
        local to = next_status(s.status, instead and CANCEL or event)
        if not to then
            results[#results + 1] = {'illegal', task_fields(id)}
        else
            local fields = {}
            if ARGV[b + 3] == '1' then fields = {'result', ARGV[b + 4]} end
            if event == FAIL or event == RETRY then add_field(fields, 'failures', string.format('%d', s.failures + 1)) end
            if ARGV[b + 8] == '1' then record_attempt(s, OUTCOME[event], now, ARGV[b + 9]) end
            local not_before = ARGV[b + 7] ~= '' and ARGV[b + 7] or now
            change_status(s, to, now, not_before, fields)
            log_line(id, now, ARGV[b + 5])
            if instead then log_line(id, now, event == RETRY and instead_of_retry or instead_of_requeue) end
            results[#results + 1] = with_task and {'applied', task_fields(id)} or {'applied'}
        end
    end
end
return results
)lua";

// ARGV: cutoff, owner ('' for none), log, now, cancelled_instead_log. Returns the ids put back (or cancelled), in
// seq order. Each records an interrupted attempt.
constexpr std::string_view kRequeueAbandoned = R"lua(
local cutoff, owner, log, now, cancelled_instead = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local found, states = {}, {}
local function consider(id)
    if found[id] then return end
    local s = state_of(id, {'cancel_requested', 'lease_owner', 'attempt_started_at'})
    if s and s.status == RUNNING then
        found[id] = true
        states[#states + 1] = s
    end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', K.leases, '-inf', '(' .. cutoff)) do consider(id) end
if owner ~= '' then
    for _, id in ipairs(redis.call('ZRANGE', K.status_index .. RUNNING, 0, -1)) do
        if redis.call('HGET', K.task .. id, 'lease_owner') == owner then consider(id) end
    end
end
table.sort(states, function(a, b) return tonumber(a.seq) < tonumber(b.seq) end)
local ids = {}
for _, s in ipairs(states) do
    local to = next_status(s.status, s.cancel_requested and CANCEL or REQUEUE)
    if to then
        local cancelled = s.cancel_requested
        record_attempt(s, 'interrupted', now, '')
        change_status(s, to, now)
        log_line(s.id, now, s.lease_owner ~= '' and (log .. ' (lease held by ' .. s.lease_owner .. ')') or log)
        if cancelled then log_line(s.id, now, cancelled_instead) end
        ids[#ids + 1] = s.id
    end
end
return ids
)lua";

// ARGV: id, log, now. A queued or retrying task is cancelled at once; a running one is marked cancel_requested and
// stays running until its worker ends it. Returns {change[, fields]}.
constexpr std::string_view kRequestCancel = R"lua(
local id, log, now = ARGV[1], ARGV[2], ARGV[3]
local s = state_of(id)
if not s then return {'not_found'} end
local to = next_status(s.status, CANCEL)
if not to then return {'illegal', task_fields(id)} end
redis.call('HSET', K.task .. id, 'cancel_requested', '1', 'updated_at', now)
touch(now)
if s.status ~= RUNNING then change_status(s, to, now) end
log_line(id, now, log)
return {'applied', task_fields(id)}
)lua";

// ARGV: id, priority, log, now. Final tasks are illegal; the task gets a fresh fair key in the new priority (a
// scheduled one gets its key when due), and one in a queue (queued, or retrying and due) moves to the other queue
// with it. A retrying task that waits in its delayed set enters the new priority's queue when due.
constexpr std::string_view kSetPriority = R"lua(
local id, priority, log, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local s = state_of(id, {'user_id', 'fair_step'})
if not s then return {'not_found'} end
if FINAL[s.status] then return {'illegal', task_fields(id)} end
count(s.status, s.service, s.priority, -1)
count(s.status, s.service, priority, 1)
local fair = s.status == SCHEDULED and 0 or next_fair_key(priority, s.user_id, s.fair_step)
if redis.call('ZREM', K.queue .. s.priority .. ':' .. s.service, id) == 1 then
    dequeue(id, s.priority, s.service)
    if s.status == SCHEDULED then
        -- Due already, but its key is given when it joins a queue: back to the delayed set, promoted at the next lease.
        redis.call('ZADD', K.delayed .. s.service, redis.call('HGET', K.task .. id, 'not_before'), id)
    else
        enqueue(id, priority, s.service, fair)
    end
end
redis.call('HSET', K.task .. id, 'priority', priority, 'updated_at', now, 'fair_key', string.format('%d', fair),
           'queued_at', now)
touch(now)
log_line(id, now, log)
return {'applied', task_fields(id)}
)lua";

// ARGV: id, log, now. A failed task returns to its queue at its own seq with a fresh retry budget, an empty result and
// its attempt history. Returns {change[, fields]}.
constexpr std::string_view kResubmit = R"lua(
local id, log, now = ARGV[1], ARGV[2], ARGV[3]
local s = state_of(id)
if not s then return {'not_found'} end
local to = next_status(s.status, RESUBMIT)
if not to then return {'illegal', task_fields(id)} end
redis.call('HSET', K.task .. id, 'failures', '0', 'not_before', '', 'result', '{}', 'cancel_requested', '0')
change_status(s, to, now)
log_line(id, now, log)
return {'applied', task_fields(id)}
)lua";

// ARGV: id, attempt, now, has_log ('1' or '0'), log, lease_until ('' for none), touch ('1' or '0'), then pairs of
// (field, value) to set. Writes only while the task is running that very attempt; returns 1 if it did, else 0.
constexpr std::string_view kFencedWrite = R"lua(
local id, now = ARGV[1], ARGV[3]
local current = redis.call('HMGET', K.task .. id, 'status', 'attempts')
if current[1] ~= RUNNING or tonumber(current[2]) ~= tonumber(ARGV[2]) then return 0 end
if #ARGV > 7 then redis.call('HSET', K.task .. id, unpack(ARGV, 8)) end
if ARGV[4] == '1' then log_line(id, now, ARGV[5]) end
if ARGV[6] ~= '' then
    redis.call('HSET', K.task .. id, 'lease_expires_at', ARGV[6])
    redis.call('ZADD', K.leases, ARGV[6], id)
end
if ARGV[7] == '1' then
    redis.call('HSET', K.task .. id, 'updated_at', now)
    touch(now)
end
return 1
)lua";

// ARGV: id, now. Returns 1 when the task was deleted, 0 when there was none.
constexpr std::string_view kRemove = R"lua(
if remove_task(ARGV[1], ARGV[2]) then return 1 end
return 0
)lua";

// ARGV: cutoff, max, now. Deletes up to max final tasks that finished before the cutoff, oldest first; returns how
// many.
constexpr std::string_view kExpire = R"lua(
local ids = redis.call('ZRANGEBYSCORE', K.finished, '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local removed = 0
for _, id in ipairs(ids) do
    if remove_task(id, ARGV[3]) then removed = removed + 1 end
end
return removed
)lua";

Script make(std::string name, std::string_view body) {
    return Script(std::move(name), lua_prelude() + lua_main(body));
}

}  // namespace

StoreScripts::StoreScripts()
    : submit(make("submit", kSubmit)),
      lease(make("lease", kLease)),
      finish(make("finish", kFinish)),
      requeue_abandoned(make("requeue_abandoned", kRequeueAbandoned)),
      resubmit(make("resubmit", kResubmit)),
      request_cancel(make("request_cancel", kRequestCancel)),
      set_priority(make("set_priority", kSetPriority)),
      fenced_write(make("fenced_write", kFencedWrite)),
      remove(make("remove", kRemove)),
      expire(make("expire", kExpire)) {}

}  // namespace dms::store::redis
