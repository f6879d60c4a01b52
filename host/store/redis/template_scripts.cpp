#include "store/redis/template_scripts.hpp"

#include <string>
#include <string_view>

#include "store/redis/keys.hpp"
#include "store/redis/lua_prelude.hpp"

namespace dms::store::redis {
namespace {

// Keeps the due set in step with a template's enabled flag and next_run_at.
constexpr std::string_view kTemplateHelpers = R"lua(
local function template_fields(id) return redis.call('HGETALL', T.template .. id) end
local function place_due(id)
    local v = redis.call('HMGET', T.template .. id, 'enabled', 'next_run_at')
    if v[1] == '1' and v[2] and v[2] ~= '' then
        redis.call('ZADD', T.due, v[2], id)
    else
        redis.call('ZREM', T.due, id)
    end
end
)lua";

// ARGV: id, created_at, then pairs of (field, value). Refuses a taken id. Returns 1.
constexpr std::string_view kCreate = R"lua(
local id = ARGV[1]
if redis.call('EXISTS', T.template .. id) == 1 then
    return redis.error_reply('template id ' .. id .. ' is already taken')
end
redis.call('HSET', T.template .. id, 'template_id', id, 'revision', '1', 'last_occurrence', '', 'last_task_id', '',
           unpack(ARGV, 3))
redis.call('ZADD', T.index, ARGV[2], id)
place_due(id)
return 1
)lua";

// ARGV: id. The template's fields, empty when there is none.
constexpr std::string_view kGet = R"lua(return template_fields(ARGV[1]))lua";

// ARGV: service ('' for any), user ('' for any). Each matching template's fields, in creation order.
constexpr std::string_view kList = R"lua(
local found = {}
for _, id in ipairs(redis.call('ZRANGE', T.index, 0, -1)) do
    local v = redis.call('HMGET', T.template .. id, 'service', 'user_id')
    if (ARGV[1] == '' or v[1] == ARGV[1]) and (ARGV[2] == '' or v[2] == ARGV[2]) then
        found[#found + 1] = template_fields(id)
    end
end
return found
)lua";

// ARGV: id, then pairs of (field, value) of the definition. Grows the revision; returns the fields afterwards, or
// nothing when there is no such template.
constexpr std::string_view kUpdate = R"lua(
local id = ARGV[1]
if redis.call('EXISTS', T.template .. id) == 0 then return {} end
redis.call('HSET', T.template .. id, unpack(ARGV, 2))
redis.call('HINCRBY', T.template .. id, 'revision', 1)
place_due(id)
return template_fields(id)
)lua";

// ARGV: id. Returns 1 when it was deleted, 0 when there was none.
constexpr std::string_view kRemove = R"lua(
local id = ARGV[1]
redis.call('ZREM', T.index, id)
redis.call('ZREM', T.due, id)
return redis.call('DEL', T.template .. id)
)lua";

// ARGV: now, max. The fields of enabled templates due at now, earliest first.
constexpr std::string_view kDue = R"lua(
local found = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', T.due, '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))) do
    found[#found + 1] = template_fields(id)
end
return found
)lua";

// The earliest next_run_at (micros) of an enabled template, or '' when none is.
constexpr std::string_view kEarliest = R"lua(
local first = redis.call('ZRANGE', T.due, 0, 0)
if #first == 0 then return '' end
return redis.call('HGET', T.template .. first[1], 'next_run_at')
)lua";

// ARGV: id, revision, expected_next_run, occurrence, next_run_at ('' for none: the template is disabled), has_task
// ('1' or '0'), then with a task: now, first log line, task id, service, user_id, parameters (JSON), priority,
// created_at, max_retries, timeout_seconds ('' for none), fair step. Nothing happens unless the template is enabled at that
// revision and next_run_at, and the occurrence is after its last one. Returns {outcome[, task fields]}: fired, overlap,
// passed or lost.
constexpr std::string_view kFire = R"lua(
local id = ARGV[1]
local key = T.template .. id
local v = redis.call('HMGET', key, 'enabled', 'revision', 'next_run_at', 'last_occurrence', 'overlap', 'last_task_id')
if v[1] ~= '1' or v[2] ~= ARGV[2] or v[3] ~= ARGV[3] then return {'lost'} end
if v[4] and v[4] ~= '' and tonumber(ARGV[4]) <= tonumber(v[4]) then return {'lost'} end
local outcome, created = 'passed', nil
if ARGV[6] == '1' then
    local open = false
    if v[5] == 'skip' and v[6] and v[6] ~= '' then
        local status = redis.call('HGET', K.task .. v[6], 'status')
        open = status and not FINAL[status]
    end
    if open then
        outcome = 'overlap'
    else
        local now, task_id = ARGV[7], ARGV[9]
        if redis.call('EXISTS', K.task .. task_id) == 1 then
            return redis.error_reply('task id ' .. task_id .. ' is already taken')
        end
        local seq = string.format('%d', redis.call('INCR', K.seq))
        insert_task(seq, now, ARGV[8], task_id, ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14], ARGV[15], ARGV[16],
                    '', id, ARGV[17])
        touch(now)
        outcome, created = 'fired', task_id
    end
end
redis.call('HSET', key, 'next_run_at', ARGV[5], 'last_occurrence', ARGV[4])
if ARGV[5] == '' then redis.call('HSET', key, 'enabled', '0') end
if created then redis.call('HSET', key, 'last_task_id', created) end
place_due(id)
if created then return {outcome, task_fields(created)} end
return {outcome}
)lua";

std::string template_keys() {
    return "local T = {template = " + lua_quote(keys::kTemplate) + ", index = " + lua_quote(keys::kTemplateIndex) +
           ", due = " + lua_quote(keys::kTemplateDue) + "}\n";
}

Script make(std::string name, std::string_view body) {
    return Script("template_" + name,
                  lua_prelude() + template_keys() + std::string(kTemplateHelpers) + lua_main(body));
}

}  // namespace

TemplateScripts::TemplateScripts()
    : create(make("create", kCreate)),
      get(make("get", kGet)),
      list(make("list", kList)),
      update(make("update", kUpdate)),
      remove(make("remove", kRemove)),
      due(make("due", kDue)),
      earliest(make("earliest", kEarliest)),
      fire(make("fire", kFire)) {}

}  // namespace dms::store::redis
