// The template store contract on RedisTemplateStore, against the redis-server this binary shares.
#include "redis_test_support.hpp"
#include "template_store_contract.hpp"

namespace dms::store::test {
namespace {

// Every handle is a host of its own on the same database.
std::unique_ptr<TaskStore> make_redis(const std::filesystem::path&, bool fresh) {
    if (fresh) shared_redis().flush_all();
    return std::make_unique<RedisStore>(store_options(shared_redis().url(kSharedDb)));
}

INSTANTIATE_TEST_SUITE_P(Redis, TemplateStoreContract, ::testing::Values(TemplateStoreFactory{"redis", make_redis}),
                         TemplateStoreFactoryName{});

}  // namespace
}  // namespace dms::store::test
