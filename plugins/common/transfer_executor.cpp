#include "transfer_executor.hpp"

#include <stdexcept>

#include "endpoints.hpp"
#include "transfer_job.hpp"

namespace dms::fs {

AllowedRoots TransferExecutor::roots() const {
    return AllowedRoots::from_settings([this](std::string_view name) { return setting(name); }, roots_setting_);
}

void TransferExecutor::validate(std::string_view, const nlohmann::json& parameters) {
    const TransferRequest request = parse_(parameters);
    try {
        const AllowedRoots allowed = roots();
        EndpointResolver(allowed, request).check_at_submit();
    } catch (const sdk::InvalidParameters&) {
        throw;
    } catch (const std::exception& error) {
        throw sdk::InvalidParameters(error.what());
    }
}

void TransferExecutor::run(sdk::Task& task) {
    const AllowedRoots allowed = roots();
    TransferJob(task, allowed, parse_(task.parameters())).run();
}

}  // namespace dms::fs
