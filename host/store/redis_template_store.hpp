#pragma once

#include "store/redis/template_scripts.hpp"
#include "store/redis_store.hpp"
#include "store/template_store.hpp"

namespace dms::store {

// Templates in the RedisStore's Redis, shared by every host (see docs/redis.md): one hash per template and a sorted
// set of the enabled ones by next_run_at. Every call is one Lua script on the primary, so a fire compares, creates
// the task and advances the template atomically, and of hosts racing for an occurrence exactly one creates it.
class RedisTemplateStore : public TemplateStore {
 public:
    // `tasks` must outlive this store; its connections carry the scripts.
    explicit RedisTemplateStore(RedisStore& tasks);

    void create(Template& created) override;
    std::optional<Template> get(std::string_view template_id) override;
    std::vector<Template> list(const TemplateQuery& query) override;
    std::optional<Template> update(const Template& changed) override;
    bool remove(std::string_view template_id) override;
    std::vector<Template> due(task::Timestamp now, std::size_t max) override;
    std::optional<task::Timestamp> earliest_next_run() override;
    FireResult fire(const FireRequest& request) override;

 private:
    std::vector<Template> templates_of(const redis::Reply& replies) const;

    RedisStore& tasks_;
    redis::TemplateScripts scripts_;
};

}  // namespace dms::store
