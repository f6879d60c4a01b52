// The authorization rules on their own, without HTTP: who may act on whose tasks.
#include <gtest/gtest.h>

#include "auth/auth_error.hpp"
#include "auth/authorizer.hpp"
#include "store/sqlite_access_store.hpp"
#include "support/temp_dir.hpp"

namespace dms::auth {
namespace {

Caller key_of(std::string tenant, std::string user, std::string service, Permissions permissions) {
    return Caller{Caller::Kind::key, "0123456789abcdef", std::move(tenant),
                  std::move(user),   std::move(service), std::move(permissions)};
}

AuthError::Kind refusal(const std::function<void()>& call) {
    try {
        call();
    } catch (const AuthError& error) {
        return error.kind();
    }
    ADD_FAILURE() << "not refused";
    return AuthError::Kind::bad_request;
}

class AuthorizerTest : public ::testing::Test {
 protected:
    void SetUp() override {
        store_.bind_user("alice", "acme");
        store_.bind_user("carol", "globex");
    }

    test::TempDir dir_;
    store::SqliteAccessStore store_{dir_.path() / "dms.sqlite3"};
    Authorizer authorizer_{store_};
};

TEST_F(AuthorizerTest, WithoutKeysAndForOperatorsTheNamedUserIsTheOne) {
    EXPECT_EQ(authorizer_.acting_user(Caller{}, Permission::delete_, "copy", std::string("bob")), "bob");
    EXPECT_EQ(authorizer_.acting_user(Caller::operator_with_token(), Permission::cancel, "copy", std::string("carol")),
              "carol");
    EXPECT_EQ(authorizer_.acting_user(key_of("acme", "olga", "", {Permission::admin}), Permission::read, "copy",
                                      std::string("carol")),
              "carol");
    EXPECT_EQ(refusal([&] { authorizer_.acting_user(Caller{}, Permission::read, "copy", std::nullopt); }),
              AuthError::Kind::bad_request);
}

TEST_F(AuthorizerTest, AUsersKeyActsOnlyAsItsUser) {
    Caller alice = key_of("acme", "alice", "", {Permission::read, Permission::cancel});
    EXPECT_EQ(authorizer_.acting_user(alice, Permission::read, "copy", std::nullopt), "alice");
    EXPECT_EQ(authorizer_.acting_user(alice, Permission::cancel, "copy", std::string("alice")), "alice");
    EXPECT_EQ(refusal([&] { authorizer_.acting_user(alice, Permission::read, "copy", std::string("bob")); }),
              AuthError::Kind::not_found);
    EXPECT_EQ(refusal([&] { authorizer_.acting_user(alice, Permission::delete_, "copy", std::string("alice")); }),
              AuthError::Kind::forbidden);
    EXPECT_EQ(authorizer_.visible_users(alice, "copy", {"alice", "bob", "carol"}), std::vector<std::string>{"alice"});
}

TEST_F(AuthorizerTest, AServiceAccountActsForItsTenantInItsService) {
    Caller account = key_of("acme", "", "copy", {Permission::submit, Permission::read});
    EXPECT_EQ(authorizer_.acting_user(account, Permission::read, "copy", std::string("alice")), "alice");
    EXPECT_EQ(refusal([&] { authorizer_.acting_user(account, Permission::read, "copy", std::string("carol")); }),
              AuthError::Kind::not_found);
    EXPECT_EQ(refusal([&] { authorizer_.acting_user(account, Permission::read, "sync", std::string("alice")); }),
              AuthError::Kind::not_found);
    EXPECT_EQ(refusal([&] { authorizer_.acting_user(account, Permission::read, "copy", std::string("dave")); }),
              AuthError::Kind::not_found)
        << "an unbound user is nobody's yet";
    EXPECT_EQ(authorizer_.submitting_user(account, "copy", std::string("dave")), "dave");
    EXPECT_EQ(store_.tenant_of("dave"), "acme") << "its first submission bound dave to the tenant";
    EXPECT_EQ(authorizer_.visible_users(account, "copy", {"alice", "carol", "dave", "erin"}),
              (std::vector<std::string>{"alice", "dave"}));
    EXPECT_TRUE(authorizer_.visible_users(account, "sync", {"alice"}).empty());
}

}  // namespace
}  // namespace dms::auth
