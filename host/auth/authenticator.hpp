#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/auth_mode.hpp"
#include "auth/caller.hpp"
#include "store/access_store.hpp"

namespace dms::auth {

// Finds who is calling from the credentials a request carries, and nothing else: no HTTP, no routes. Keys are
// looked up in the store on every call, so a revoked or expired key is refused at once on every host.
class Authenticator {
 public:
    // What a route asks of its caller.
    enum class Need { nothing, user, operator_ };

    // An empty `worker_token` closes the worker routes (no external services).
    Authenticator(AuthMode mode, store::AccessStore& store, std::string operator_token, std::string worker_token = {})
        : mode_(mode),
          store_(store),
          operator_token_(std::move(operator_token)),
          worker_token_(std::move(worker_token)) {}

    // `operator_token` and `api_key` are the headers' values when present. Throws AuthError unauthorized (no
    // valid credential) or forbidden (a valid key without admin on an operator route).
    Caller authenticate(Need need, std::optional<std::string_view> operator_token,
                        std::optional<std::string_view> api_key) const;

    // The worker routes' check: the X-Worker-Token value, and nothing else (the operator token opens no worker route).
    // Throws AuthError unauthorized when it is missing or wrong.
    Caller authenticate_worker(std::optional<std::string_view> worker_token) const;

    AuthMode mode() const { return mode_; }

 private:
    Caller operator_from_token(std::string_view presented) const;
    Caller caller_from_key(std::string_view presented) const;

    AuthMode mode_;
    store::AccessStore& store_;
    std::string operator_token_;
    std::string worker_token_;
};

}  // namespace dms::auth
