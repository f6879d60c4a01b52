#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/caller.hpp"
#include "store/access_store.hpp"

namespace dms::auth {

// What the chain check found: intact, or the first record that is missing, changed or out of place.
struct ChainCheck {
    bool intact = true;
    std::int64_t records = 0;  // records checked and found in order
    std::optional<std::int64_t> first_bad_seq;
    std::string problem;
};

// The operators' audit trail: every operator action, who did it, when, from where, in a hash chain in the store.
// Routes call record() after the change they audit succeeded; nothing offers to change or erase a record.
class AuditTrail {
 public:
    explicit AuditTrail(store::AccessStore& store) : store_(store) {}

    // Appends "who did `action` to `target`" with `details`, from `address`, at now.
    store::AuditRecord record(const Caller& who, std::string_view address, std::string action, std::string target,
                              nlohmann::json details = nlohmann::json::object());

    store::AuditPage list(const store::AuditQuery& query) { return store_.list_audit(query); }

    // Walks the whole chain: seqs from 1 without gaps, each prev_hash the hash before it, each hash its record's,
    // and the head naming the last record.
    ChainCheck verify();

 private:
    store::AccessStore& store_;
};

}  // namespace dms::auth
