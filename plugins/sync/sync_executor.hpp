#pragma once

#include <dms/sdk.hpp>

#include "allowed_roots.hpp"

namespace dms::plugins {

// One-way mirror of a folder beneath the allowed roots (DMS_SYNC_ALLOWED_ROOTS), like rsync -a --delete,
// with a dry run and a deletion guard; see docs/transfers.md.
class SyncExecutor : public sdk::Executor {
 public:
    static sdk::PluginInfo info();

    // Checks the parameters, that both paths lie inside the allowed roots without a symbolic link leading
    // out, and that neither lies inside the other.
    void validate(std::string_view service, const nlohmann::json& parameters) override;

    void run(sdk::Task& task) override;

 private:
    fs::AllowedRoots roots() const;
};

}  // namespace dms::plugins
