#pragma once

// The contract every AccessStore keeps, written against the interface only; access_store_backends_test.cpp
// instantiates it for SQLite and Redis.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "store/access_store.hpp"

namespace dms::store::test {

struct AccessStoreFactory {
    std::string name;
    std::function<std::shared_ptr<AccessStore>()> make;  // a fresh, empty store
    // Another handle on the same data as `store` (another connection, or another host).
    std::function<std::shared_ptr<AccessStore>(const std::shared_ptr<AccessStore>& store)> another;
};

inline void PrintTo(const AccessStoreFactory& factory, std::ostream* out) { *out << factory.name; }

struct AccessStoreFactoryName {
    std::string operator()(const ::testing::TestParamInfo<AccessStoreFactory>& info) const { return info.param.name; }
};

class AccessStoreContract : public ::testing::TestWithParam<AccessStoreFactory> {
 protected:
    void SetUp() override { store_ = GetParam().make(); }

    AccessStore& store() { return *store_; }

    static ApiKeyRecord make_key(std::string key_id, std::string tenant = "acme", std::string user = "alice") {
        ApiKeyRecord key;
        key.key_id = std::move(key_id);
        key.secret_hash = std::string(64, 'a');
        key.tenant = std::move(tenant);
        key.user_id = std::move(user);
        key.permissions = {"submit", "read"};
        key.created_at = task::now();
        key.created_by = "operator token";
        return key;
    }

    static AuditEntry make_entry(std::string action, std::string target = "t1") {
        AuditEntry entry;
        entry.at = task::now();
        entry.actor = "operator token";
        entry.address = "127.0.0.1";
        entry.action = std::move(action);
        entry.target = std::move(target);
        entry.details = {{"n", 1}};
        return entry;
    }

    std::shared_ptr<AccessStore> store_;
};

}  // namespace dms::store::test
