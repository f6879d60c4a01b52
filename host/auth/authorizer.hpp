#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/caller.hpp"
#include "store/access_store.hpp"

namespace dms::auth {

// Decides what a caller may do to whose tasks, knowing nothing of HTTP. A user's key acts on its own user's
// tasks only; a service account on its service's tasks of users of its tenant; an operator (and, with
// DMS_AUTH_MODE=none, anyone) on whatever the request names. Someone else's tasks are "not found", so nothing
// leaks. A user belongs to one tenant (store::AccessStore::bind_user), which is how a task's tenant is known.
class Authorizer {
 public:
    explicit Authorizer(store::AccessStore& store) : store_(store) {}

    // The user whose tasks of `service` the caller acts on with `permission`, given the user the request named
    // (path or ?user_id=; nothing when it named none). Throws AuthError: forbidden without the permission,
    // not_found for someone else's, bad_request when a user must be named and was not.
    std::string acting_user(const Caller& caller, Permission permission, const std::string& service,
                            const std::optional<std::string>& named_user) const;

    // acting_user for a submission: a service account's first submission for a user binds that user to its tenant.
    std::string submitting_user(const Caller& caller, const std::string& service,
                                const std::optional<std::string>& named_user) const;

    // Of `users` (of `service`), those the caller may see.
    std::vector<std::string> visible_users(const Caller& caller, const std::string& service,
                                           std::vector<std::string> users) const;

 private:
    static void require(const Caller& caller, Permission permission);
    std::string user_of_key(const Caller& caller, const std::string& service,
                            const std::optional<std::string>& named_user, bool bind) const;

    store::AccessStore& store_;
};

}  // namespace dms::auth
