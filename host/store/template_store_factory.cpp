#include "store/template_store_factory.hpp"

#include <stdexcept>

#include "store/redis_template_store.hpp"
#include "store/sqlite_template_store.hpp"

namespace dms::store {

std::unique_ptr<TemplateStore> make_template_store(TaskStore& tasks) {
    if (auto* sqlite = dynamic_cast<SqliteStore*>(&tasks)) return std::make_unique<SqliteTemplateStore>(*sqlite);
    if (auto* redis = dynamic_cast<RedisStore*>(&tasks)) return std::make_unique<RedisTemplateStore>(*redis);
    throw std::invalid_argument("recurring templates need the SQLite or the Redis task store");
}

}  // namespace dms::store
