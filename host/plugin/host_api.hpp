#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>

#include <dms/plugin_abi.h>
#include <nlohmann/json.hpp>

#include "plugin/run_context.hpp"

// The host's side of the opaque handles in plugin_abi.h. They live in the global namespace because the
// C header declares them there.

// One running attempt, as the plugin's callbacks see it: where its reports go and the result it set.
struct dms_type_task {
    dms_type_task(dms::plugin::RunContext& context, std::string_view plugin_name, std::string_view task_id)
        : context(context), plugin_name(plugin_name), task_id(task_id) {}

    dms::plugin::RunContext& context;
    std::string_view plugin_name;
    std::string_view task_id;
    std::mutex mutex;                                  // guards result and result_error
    nlohmann::json result = nlohmann::json::object();  // the last result accepted
    std::string result_error;                          // why the last set_result was refused, if it was
    std::atomic<bool> warned_nonsense{false};          // one warning per attempt is enough
};

// Receives the message that explains a non-OK status; the last error_set wins.
struct dms_type_error {
    std::string message;
};

namespace dms::plugin {

// The callback table every plugin receives: static, so valid for as long as any library is loaded.
// Every callback catches everything: no exception crosses back into a plugin.
const dms_host_api& host_api();

}  // namespace dms::plugin
