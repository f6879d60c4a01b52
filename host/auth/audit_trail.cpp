#include "auth/audit_trail.hpp"

#include "store/audit_chain.hpp"

namespace dms::auth {
namespace {

constexpr std::size_t kVerifyBatch = 1000;

ChainCheck broken(std::int64_t records, std::int64_t seq, std::string problem) {
    return ChainCheck{false, records, seq, std::move(problem)};
}

}  // namespace

store::AuditRecord AuditTrail::record(const Caller& who, std::string_view address, std::string action,
                                      std::string target, nlohmann::json details) {
    store::AuditEntry entry;
    entry.at = task::now();
    entry.actor = who.describe();
    entry.actor_key_id = who.key_id;
    entry.address = std::string(address);
    entry.action = std::move(action);
    entry.target = std::move(target);
    entry.details = std::move(details);
    return store_.append_audit(entry);
}

ChainCheck AuditTrail::verify() {
    std::int64_t checked = 0;
    std::string previous_hash(store::kAuditGenesisHash);
    while (true) {
        auto batch = store_.audit_records_after(checked, kVerifyBatch);
        if (batch.empty()) break;
        for (const store::AuditRecord& record : batch) {
            const std::int64_t expected = checked + 1;
            if (record.seq != expected) {
                return broken(checked, expected,
                              "record " + std::to_string(expected) + " is missing (found " +
                                  std::to_string(record.seq) + " in its place)");
            }
            if (record.prev_hash != previous_hash) {
                return broken(
                    checked, expected,
                    "record " + std::to_string(expected) + " does not carry the hash of the record before it");
            }
            if (store::audit_record_hash(record) != record.hash) {
                return broken(checked, expected,
                              "record " + std::to_string(expected) + " was changed after it was written");
            }
            previous_hash = record.hash;
            checked = expected;
        }
    }
    auto head = store_.audit_head();
    const std::int64_t head_seq = head ? head->seq : 0;
    if (head_seq != checked || (head && head->hash != previous_hash)) {
        return broken(checked, checked + 1,
                      "the chain ends at record " + std::to_string(checked) + " but its head names record " +
                          std::to_string(head_seq) + ": records were removed or replaced at the end");
    }
    return ChainCheck{true, checked, std::nullopt, ""};
}

}  // namespace dms::auth
