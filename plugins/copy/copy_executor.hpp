#pragma once

#include <dms/sdk.hpp>

#include "allowed_roots.hpp"

namespace dms::plugins {

// Copies a file, a symbolic link or a folder tree beneath the allowed roots (DMS_COPY_ALLOWED_ROOTS),
// each file through a temporary name, in parallel, resumable; see docs/transfers.md.
class CopyExecutor : public sdk::Executor {
 public:
    static sdk::PluginInfo info();

    // Checks the parameters, that both paths lie inside the allowed roots without a symbolic link leading
    // out, and that the destination is not inside the source.
    void validate(std::string_view service, const nlohmann::json& parameters) override;

    void run(sdk::Task& task) override;

 private:
    fs::AllowedRoots roots() const;
};

}  // namespace dms::plugins
