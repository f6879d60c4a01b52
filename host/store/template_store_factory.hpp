#pragma once

#include <memory>

#include "store/task_store.hpp"
#include "store/template_store.hpp"

namespace dms::store {

// The template store that lives in the same database as `tasks` (SQLite file or Redis), so that a fire can create its
// task in the same transaction. `tasks` must outlive it. Throws std::invalid_argument for any other kind of TaskStore.
std::unique_ptr<TemplateStore> make_template_store(TaskStore& tasks);

}  // namespace dms::store
