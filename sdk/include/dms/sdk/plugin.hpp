// The plugin's one exported symbol: DMS_DECLARE_PLUGIN(ExecutorClass) defines dms_plugin_init for it.
#pragma once

#include <memory>
#include <string>
#include <type_traits>

#include "dms/plugin_abi.h"
#include "dms/sdk/detail/plugin_state.hpp"
#include "dms/sdk/executor.hpp"

namespace dms::sdk {

/// The body of dms_plugin_init for executor class E (what DMS_DECLARE_PLUGIN exports; FakeHost calls
/// it directly). Checks the host's ABI, builds one E and fills `out`. Never throws: any exception from
/// E::info() or E's constructor becomes DMS_STATUS_ERROR with its message.
/// @param host the host's callbacks; must stay valid until destroy
/// @param out the host's plugin table, zeroed, with struct_size set
/// @param error where a refusal's message goes
/// @return DMS_STATUS_OK with `out` filled, or DMS_STATUS_ERROR with a message
template <class E>
dms_type_status plugin_init(const dms_host_api* host, dms_plugin_api* out, dms_type_error* error) noexcept {
    static_assert(std::is_base_of_v<Executor, E>, "the executor class must derive from dms::sdk::Executor");
    static_assert(std::is_convertible_v<decltype(E::info()), PluginInfo>,
                  "the executor class must declare static dms::sdk::PluginInfo info()");
    if (host == nullptr || out == nullptr) return DMS_STATUS_ERROR;
    if (host->abi_major != DMS_ABI_MAJOR) {
        // Assumes every major keeps error_set right after the version header, so the refusal is explained.
        detail::report(host, error,
                       "plugin built for DMS ABI " + std::to_string(DMS_ABI_MAJOR) + "." +
                           std::to_string(DMS_ABI_MINOR) + " cannot run on a host with ABI " +
                           std::to_string(host->abi_major) + "." + std::to_string(host->abi_minor));
        return DMS_STATUS_ERROR;
    }
    if (host->struct_size < detail::kHostApiSize || out->struct_size < detail::kPluginApiSize) {
        detail::report(host, error, "the host's ABI tables are smaller than ABI 1.0 requires");
        return DMS_STATUS_ERROR;
    }
    return detail::guarded(host, error, [&] {
        auto state = std::make_unique<detail::PluginState>(host, E::info(), std::make_unique<E>());
        state->describe(*out);
        state.release();  // owned by the host's table now; destroy deletes it
        return DMS_STATUS_OK;
    });
}

}  // namespace dms::sdk

#if defined(_WIN32)
#define DMS_SDK_EXPORT __declspec(dllexport)
#else
#define DMS_SDK_EXPORT __attribute__((visibility("default")))
#endif

/// Defines the plugin's one exported symbol, dms_plugin_init, for ExecutorClass (a dms::sdk::Executor
/// subclass with `static dms::sdk::PluginInfo info()`). Use it exactly once per plugin, at namespace scope.
/// @param ExecutorClass the executor class, fully qualified
#define DMS_DECLARE_PLUGIN(ExecutorClass)                                                                    \
    extern "C" DMS_SDK_EXPORT dms_type_status dms_plugin_init(const dms_host_api* host, dms_plugin_api* out, \
                                                              dms_type_error* error) {                       \
        return ::dms::sdk::plugin_init<ExecutorClass>(host, out, error);                                     \
    }                                                                                                        \
    static_assert(true, "DMS_DECLARE_PLUGIN takes a trailing semicolon")
