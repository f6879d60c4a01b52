#include "copy_executor.hpp"

#include <stdexcept>

#include "copy_parameters.hpp"
#include "endpoints.hpp"
#include "transfer_job.hpp"

namespace dms::plugins {

sdk::PluginInfo CopyExecutor::info() {
    return {"copy",
            "1.0.0",
            "Copies files and folder trees beneath allowed roots: kernel-side, in parallel, atomic per file, "
            "resumable.",
            {{"copy",
              "Copies `source` to `destination`: one file or a whole tree, keeping modes, times and symbolic "
              "links; sets counts of files and bytes copied, skipped and failed as the result.",
              copy_parameter_info()}}};
}

fs::AllowedRoots CopyExecutor::roots() const {
    return fs::AllowedRoots::from_settings([this](std::string_view name) { return setting(name); },
                                           "DMS_COPY_ALLOWED_ROOTS");
}

void CopyExecutor::validate(std::string_view, const nlohmann::json& parameters) {
    const fs::TransferRequest request = parse_copy_parameters(parameters);
    try {
        const fs::AllowedRoots allowed = roots();
        fs::EndpointResolver(allowed, request).check_at_submit();
    } catch (const sdk::InvalidParameters&) {
        throw;
    } catch (const std::exception& error) {
        throw sdk::InvalidParameters(error.what());
    }
}

void CopyExecutor::run(sdk::Task& task) {
    const fs::AllowedRoots allowed = roots();
    fs::TransferJob(task, allowed, parse_copy_parameters(task.parameters())).run();
}

}  // namespace dms::plugins
