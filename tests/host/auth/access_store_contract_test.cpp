#include <thread>
#include <vector>

#include "access_store_contract.hpp"
#include "auth/audit_trail.hpp"
#include "store/audit_chain.hpp"
#include "store/store_error.hpp"

namespace dms::store::test {
namespace {

TEST_P(AccessStoreContract, AKeyReadsBackAsStored) {
    ApiKeyRecord key = make_key("0123456789abcdef");
    key.expires_at = key.created_at + std::chrono::hours(1);
    store().add_key(key);
    auto found = store().find_key("0123456789abcdef");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->secret_hash, key.secret_hash);
    EXPECT_EQ(found->tenant, "acme");
    EXPECT_EQ(found->user_id, "alice");
    EXPECT_EQ(found->service, "");
    EXPECT_EQ(found->permissions, key.permissions);
    EXPECT_EQ(found->created_at, key.created_at);
    EXPECT_EQ(found->expires_at, key.expires_at);
    EXPECT_FALSE(found->revoked_at);
    EXPECT_EQ(found->created_by, "operator token");
    EXPECT_FALSE(store().find_key("fedcba9876543210"));
}

TEST_P(AccessStoreContract, AKeyIdIsTakenOnce) {
    store().add_key(make_key("0123456789abcdef"));
    ApiKeyRecord again = make_key("0123456789abcdef", "other", "bob");
    EXPECT_THROW(store().add_key(again), StoreError);
    EXPECT_EQ(store().find_key("0123456789abcdef")->tenant, "acme");
}

TEST_P(AccessStoreContract, KeysAreListedOldestFirstAndByTenant) {
    ApiKeyRecord first = make_key("1111111111111111", "acme", "alice");
    ApiKeyRecord second = make_key("2222222222222222", "globex", "bob");
    second.created_at = first.created_at + std::chrono::seconds(1);
    ApiKeyRecord third = make_key("3333333333333333", "acme", "");
    third.service = "copy";
    third.created_at = first.created_at + std::chrono::seconds(2);
    store().add_key(third);
    store().add_key(first);
    store().add_key(second);
    std::vector<std::string> all;
    for (const auto& key : store().list_keys(std::nullopt)) all.push_back(key.key_id);
    EXPECT_EQ(all, (std::vector<std::string>{"1111111111111111", "2222222222222222", "3333333333333333"}));
    auto acme = store().list_keys(std::string("acme"));
    ASSERT_EQ(acme.size(), 2u);
    EXPECT_EQ(acme[1].service, "copy");
    EXPECT_TRUE(store().list_keys(std::string("initech")).empty());
}

TEST_P(AccessStoreContract, RevocationKeepsItsFirstTimeAndShowsOnEveryHandle) {
    store().add_key(make_key("0123456789abcdef"));
    auto other = GetParam().another(store_);
    auto at = task::now();
    auto revoked = store().revoke_key("0123456789abcdef", at);
    ASSERT_TRUE(revoked);
    EXPECT_EQ(revoked->revoked_at, at);
    EXPECT_EQ(other->find_key("0123456789abcdef")->revoked_at, at) << "another host sees it at once";
    EXPECT_EQ(store().revoke_key("0123456789abcdef", at + std::chrono::hours(1))->revoked_at, at);
    EXPECT_EQ(store().list_keys(std::nullopt).at(0).revoked_at, at);
    EXPECT_FALSE(store().revoke_key("fedcba9876543210", at));
    EXPECT_FALSE(store().find_key("fedcba9876543210")) << "revoking nothing creates nothing";
}

TEST_P(AccessStoreContract, AUserBelongsToTheFirstTenantForGood) {
    EXPECT_FALSE(store().tenant_of("alice"));
    EXPECT_EQ(store().bind_user("alice", "acme"), "acme");
    EXPECT_EQ(store().bind_user("alice", "globex"), "acme");
    EXPECT_EQ(store().tenant_of("alice"), "acme");
    EXPECT_EQ(store().bind_user("bob", "globex"), "globex");
}

TEST_P(AccessStoreContract, AppendsFormAHashChain) {
    EXPECT_FALSE(store().audit_head());
    AuditRecord first = store().append_audit(make_entry("key.create"));
    AuditRecord second = store().append_audit(make_entry("key.revoke"));
    EXPECT_EQ(first.seq, 1);
    EXPECT_EQ(first.prev_hash, std::string(kAuditGenesisHash));
    EXPECT_EQ(first.hash, audit_record_hash(first));
    EXPECT_EQ(second.seq, 2);
    EXPECT_EQ(second.prev_hash, first.hash);
    auto head = store().audit_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->seq, 2);
    EXPECT_EQ(head->hash, second.hash);
    auto stored = store().audit_records_after(0, 10);
    ASSERT_EQ(stored.size(), 2u);
    EXPECT_EQ(stored[0].hash, first.hash);
    EXPECT_EQ(stored[1].details, nlohmann::json({{"n", 1}}));
    EXPECT_EQ(stored[1].at, second.at);
    EXPECT_EQ(stored[1].address, "127.0.0.1");
    EXPECT_EQ(store().audit_records_after(1, 10).size(), 1u);
    EXPECT_EQ(store().audit_records_after(0, 1).size(), 1u);
}

TEST_P(AccessStoreContract, TheListingFiltersAndPagesNewestFirst) {
    auto start = task::now();
    for (int i = 0; i < 5; ++i) {
        AuditEntry entry = make_entry(i % 2 == 0 ? "task.cancel" : "user.block", "t" + std::to_string(i));
        entry.at = start + std::chrono::seconds(i);
        entry.actor_key_id = i == 4 ? "0123456789abcdef" : "";
        store().append_audit(entry);
    }
    AuditQuery query;
    query.limit = 2;
    AuditPage page = store().list_audit(query);
    ASSERT_EQ(page.records.size(), 2u);
    EXPECT_EQ(page.records[0].seq, 5);
    EXPECT_EQ(page.records[1].seq, 4);
    ASSERT_TRUE(page.next_before_seq);
    query.before_seq = page.next_before_seq;
    query.limit = 10;
    page = store().list_audit(query);
    ASSERT_EQ(page.records.size(), 3u);
    EXPECT_EQ(page.records[0].seq, 3);
    EXPECT_FALSE(page.next_before_seq);

    AuditQuery cancels;
    cancels.action = "task.cancel";
    EXPECT_EQ(store().list_audit(cancels).records.size(), 3u);
    AuditQuery by_key;
    by_key.actor_key_id = "0123456789abcdef";
    EXPECT_EQ(store().list_audit(by_key).records.size(), 1u);
    AuditQuery by_target;
    by_target.target = "t1";
    EXPECT_EQ(store().list_audit(by_target).records.at(0).seq, 2);
    AuditQuery window;
    window.since = start + std::chrono::seconds(1);
    window.until = start + std::chrono::seconds(3);
    auto in_window = store().list_audit(window).records;
    ASSERT_EQ(in_window.size(), 2u);
    EXPECT_EQ(in_window[0].seq, 3);
    EXPECT_EQ(in_window[1].seq, 2);
}

TEST_P(AccessStoreContract, ConcurrentAppendsFromSeveralHandlesKeepOneChain) {
    auto other = GetParam().another(store_);
    constexpr int kPerThread = 25;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        AccessStore& target = t % 2 == 0 ? store() : *other;
        threads.emplace_back([&target, t] {
            for (int i = 0; i < kPerThread; ++i) target.append_audit(make_entry("a", std::to_string(t)));
        });
    }
    for (auto& thread : threads) thread.join();
    auth::ChainCheck check = auth::AuditTrail(store()).verify();
    EXPECT_TRUE(check.intact) << check.problem;
    EXPECT_EQ(check.records, 4 * kPerThread);
}

}  // namespace
}  // namespace dms::store::test
