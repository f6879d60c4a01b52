#pragma once

#include "store/sqlite_store.hpp"
#include "store/template_store.hpp"

namespace dms::store {

// Templates in the SqliteStore's own database file (table templates, schema version 6), written in its
// transactions: a fire inserts the task and advances the template in one commit, so a crash keeps both or neither.
class SqliteTemplateStore : public TemplateStore {
 public:
    // `tasks` must outlive this store.
    explicit SqliteTemplateStore(SqliteStore& tasks);

    void create(Template& created) override;
    std::optional<Template> get(std::string_view template_id) override;
    std::vector<Template> list(const TemplateQuery& query) override;
    std::optional<Template> update(const Template& changed) override;
    bool remove(std::string_view template_id) override;
    std::vector<Template> due(task::Timestamp now, std::size_t max) override;
    std::optional<task::Timestamp> earliest_next_run() override;
    FireResult fire(const FireRequest& request) override;

 private:
    SqliteStore& tasks_;
};

}  // namespace dms::store
