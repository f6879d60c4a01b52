#pragma once

#include <dms/sdk.hpp>

#include "transfer_executor.hpp"

namespace dms::plugins {

// One-way mirror of a folder beneath the allowed roots (DMS_SYNC_ALLOWED_ROOTS), like rsync -a --delete,
// with a dry run and a deletion guard; see docs/transfers.md.
class SyncExecutor : public fs::TransferExecutor {
public:
    SyncExecutor();

    static sdk::PluginInfo info();
};

}  // namespace dms::plugins
