#pragma once

#include <string>
#include <string_view>

#include <dms/sdk.hpp>

#include "allowed_roots.hpp"
#include "transfer_request.hpp"

namespace dms::fs {

// What copy and sync share as executors: allowed roots from their own setting, the submit-time checks of
// both paths, and the transfer job; each plugin only says how its parameters parse.
class TransferExecutor : public sdk::Executor {
public:
    using Parse = TransferRequest (*)(const nlohmann::json& parameters);

    // Checks the parameters, that both paths lie inside the allowed roots without a symbolic link leading
    // out, and that the destination is not inside the source.
    void validate(std::string_view service, const nlohmann::json& parameters) override;

    void run(sdk::Task& task) override;

protected:
    // @param roots_setting e.g. "DMS_COPY_ALLOWED_ROOTS"
    // @param parse turns the task's parameters into a request; throws sdk::InvalidParameters
    TransferExecutor(std::string roots_setting, Parse parse) : roots_setting_(std::move(roots_setting)), parse_(parse) {}

private:
    AllowedRoots roots() const;

    std::string roots_setting_;
    Parse parse_;
};

}  // namespace dms::fs
