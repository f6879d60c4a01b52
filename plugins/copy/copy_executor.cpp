#include "copy_executor.hpp"

#include "copy_parameters.hpp"

namespace dms::plugins {

CopyExecutor::CopyExecutor() : fs::TransferExecutor("DMS_COPY_ALLOWED_ROOTS", &parse_copy_parameters) {}

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

}  // namespace dms::plugins
