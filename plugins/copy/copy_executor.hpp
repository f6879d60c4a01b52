#pragma once

#include <dms/sdk.hpp>

#include "transfer_executor.hpp"

namespace dms::plugins {

// Copies a file, a symbolic link or a folder tree beneath the allowed roots (DMS_COPY_ALLOWED_ROOTS),
// each file through a temporary name, in parallel, resumable; see docs/transfers.md.
class CopyExecutor : public fs::TransferExecutor {
public:
    CopyExecutor();

    static sdk::PluginInfo info();
};

}  // namespace dms::plugins
