#include "sync_executor.hpp"

#include "sync_parameters.hpp"

namespace dms::plugins {

SyncExecutor::SyncExecutor() : fs::TransferExecutor("DMS_SYNC_ALLOWED_ROOTS", &parse_sync_parameters) {}

sdk::PluginInfo SyncExecutor::info() {
    return {"sync",
            "1.0.0",
            "Mirrors folders one way beneath allowed roots, like rsync -a --delete: parallel, guarded, resumable.",
            {{"sync",
              "Makes `destination` a mirror of `source`: copies what is new or changed, and with delete=true "
              "removes what the source lacks; dry_run=true returns the plan and changes nothing.",
              sync_parameter_info()}}};
}

}  // namespace dms::plugins
