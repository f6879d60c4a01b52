#include "store/redis_template_store.hpp"

#include "store/redis/task_codec.hpp"
#include "store/redis/template_codec.hpp"
#include "store/store_error.hpp"

namespace dms::store {

namespace codec = redis::codec;

namespace {

FireOutcome outcome_named(std::string_view name) {
    if (name == "fired") return FireOutcome::fired;
    if (name == "overlap") return FireOutcome::overlap;
    if (name == "passed") return FireOutcome::passed;
    if (name == "lost") return FireOutcome::lost;
    throw StoreError("redis: template fire answered '" + std::string(name) + "'");
}

}  // namespace

RedisTemplateStore::RedisTemplateStore(RedisStore& tasks) : tasks_(tasks) {}

std::vector<Template> RedisTemplateStore::templates_of(const redis::Reply& replies) const {
    std::vector<Template> found;
    found.reserve(replies.size());
    for (std::size_t i = 0; i < replies.size(); ++i) found.push_back(codec::template_from_fields(replies.at(i)));
    return found;
}

void RedisTemplateStore::create(Template& created) {
    created.revision = 1;
    std::vector<std::string> args{
        created.template_id, codec::micros(created.created_at), "service", created.service, "user_id", created.user_id,
        "created_at",        codec::micros(created.created_at)};
    auto definition = codec::template_definition_fields(created);
    args.insert(args.end(), definition.begin(), definition.end());
    tasks_.run_script(scripts_.create, args);
}

std::optional<Template> RedisTemplateStore::get(std::string_view template_id) {
    redis::Reply fields = tasks_.run_script(scripts_.get, {std::string(template_id)});
    if (fields.size() == 0) return std::nullopt;
    return codec::template_from_fields(fields);
}

std::vector<Template> RedisTemplateStore::list(const TemplateQuery& query) {
    return templates_of(tasks_.run_script(scripts_.list, {query.service.value_or(""), query.user_id.value_or("")}));
}

std::optional<Template> RedisTemplateStore::update(const Template& changed) {
    std::vector<std::string> args{changed.template_id};
    auto definition = codec::template_definition_fields(changed);
    args.insert(args.end(), definition.begin(), definition.end());
    redis::Reply fields = tasks_.run_script(scripts_.update, args);
    if (fields.size() == 0) return std::nullopt;
    return codec::template_from_fields(fields);
}

bool RedisTemplateStore::remove(std::string_view template_id) {
    return tasks_.run_script(scripts_.remove, {std::string(template_id)}).integer() == 1;
}

std::vector<Template> RedisTemplateStore::due(task::Timestamp now, std::size_t max) {
    return templates_of(tasks_.run_script(scripts_.due, {codec::micros(now), std::to_string(max)}));
}

std::optional<task::Timestamp> RedisTemplateStore::earliest_next_run() {
    return codec::parse_optional_micros(tasks_.run_script(scripts_.earliest, {}).text());
}

FireResult RedisTemplateStore::fire(const FireRequest& request) {
    std::vector<std::string> args{request.template_id,
                                  std::to_string(request.revision),
                                  codec::micros(request.expected_next_run),
                                  codec::micros(request.occurrence),
                                  request.next_run_at ? codec::micros(*request.next_run_at) : "",
                                  request.task ? "1" : "0"};
    if (request.task) {
        const task::Task& task = *request.task;
        args.insert(
            args.end(),
            {codec::micros(task::now()), task.logs.empty() ? "Task queued" : task.logs.front().message, task.task_id,
             task.service, task.user_id, task.parameters.dump(), std::string(task::to_string(task.priority)),
             codec::micros(task.created_at), std::to_string(task.max_retries),
             task.timeout_seconds ? codec::number(*task.timeout_seconds) : "",
             std::to_string(tasks_.fair_step(task.user_id))});
    }
    redis::Reply answer = tasks_.run_script(scripts_.fire, args);
    FireResult result{outcome_named(answer.at(0).text()), std::nullopt};
    if (answer.size() > 1) result.task = codec::task_from_fields(answer.at(1));
    return result;
}

}  // namespace dms::store
