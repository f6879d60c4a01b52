#include "sync_executor.hpp"

#include <stdexcept>

#include "endpoints.hpp"
#include "sync_parameters.hpp"
#include "transfer_job.hpp"

namespace dms::plugins {

sdk::PluginInfo SyncExecutor::info() {
    return {"sync",
            "1.0.0",
            "Mirrors folders one way beneath allowed roots, like rsync -a --delete: parallel, guarded, resumable.",
            {{"sync",
              "Makes `destination` a mirror of `source`: copies what is new or changed, and with delete=true "
              "removes what the source lacks; dry_run=true returns the plan and changes nothing.",
              sync_parameter_info()}}};
}

fs::AllowedRoots SyncExecutor::roots() const {
    return fs::AllowedRoots::from_settings([this](std::string_view name) { return setting(name); },
                                           "DMS_SYNC_ALLOWED_ROOTS");
}

void SyncExecutor::validate(std::string_view, const nlohmann::json& parameters) {
    const fs::TransferRequest request = parse_sync_parameters(parameters);
    try {
        const fs::AllowedRoots allowed = roots();
        fs::EndpointResolver(allowed, request).check_at_submit();
    } catch (const sdk::InvalidParameters&) {
        throw;
    } catch (const std::exception& error) {
        throw sdk::InvalidParameters(error.what());
    }
}

void SyncExecutor::run(sdk::Task& task) {
    const fs::AllowedRoots allowed = roots();
    fs::TransferJob(task, allowed, parse_sync_parameters(task.parameters())).run();
}

}  // namespace dms::plugins
