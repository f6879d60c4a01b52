// The SDK's side of the C ABI: one plugin instance, and the C hooks that call into its Executor while
// keeping every exception on this side of the boundary. Part of the SDK's internals.
#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "dms/plugin_abi.h"
#include "dms/sdk/detail/strings.hpp"
#include "dms/sdk/errors.hpp"
#include "dms/sdk/executor.hpp"
#include "dms/sdk/task.hpp"

namespace dms::sdk::detail {

// The members of ABI 1.0, which this SDK reads or writes: a table smaller than this is unusable.
inline constexpr std::size_t kHostApiSize =
    offsetof(dms_host_api, host_setting) + sizeof(dms_host_api::host_setting);
inline constexpr std::size_t kPluginApiSize = offsetof(dms_plugin_api, destroy) + sizeof(dms_plugin_api::destroy);
inline constexpr std::size_t kTaskInfoSize = offsetof(dms_type_task_info, attempt) + sizeof(uint32_t);

// Hands a message to the host's error object; never throws, since it runs inside catch handlers.
inline void report(const dms_host_api* host, dms_type_error* error, std::string_view message) noexcept {
    if (host != nullptr && host->error_set != nullptr && error != nullptr) host->error_set(error, to_abi(message));
}

// Runs `body` and turns whatever it throws into a status and a message: the one place exceptions stop.
template <class Body>
dms_type_status guarded(const dms_host_api* host, dms_type_error* error, Body&& body) noexcept {
    try {
        return std::forward<Body>(body)();
    } catch (const InvalidParameters& e) {
        report(host, error, e.what());
        return DMS_STATUS_INVALID;
    } catch (const PermanentFailure& e) {
        report(host, error, *e.what() != '\0' ? e.what() : "permanent failure without a message");
        // A 1.0 host knows no DMS_STATUS_PERMANENT; to it this is an ordinary failure.
        return host != nullptr && host->abi_minor >= 1 ? DMS_STATUS_PERMANENT : DMS_STATUS_ERROR;
    } catch (const Cancelled& e) {
        report(host, error, e.what());
        return DMS_STATUS_CANCELLED;
    } catch (const std::exception& e) {
        report(host, error, *e.what() != '\0' ? e.what() : "exception without a message");
        return DMS_STATUS_ERROR;
    } catch (...) {
        report(host, error, "unknown exception (not derived from std::exception)");
        return DMS_STATUS_ERROR;
    }
}

// One loaded instance of a plugin: its executor and the C strings the ABI hands to the host, kept
// alive until destroy.
class PluginState {
public:
    PluginState(const dms_host_api* host, PluginInfo info, std::unique_ptr<Executor> executor)
        : host_(host), info_(std::move(info)), executor_(std::move(executor)) {
        executor_->host_ = host_;
        // `{}` in a ServiceInfo initializer makes a null parameters value: it means "no parameters".
        for (const ServiceInfo& service : info_.services) {
            parameter_texts_.push_back(service.parameters.is_null() ? "[]" : service.parameters.dump());
        }
        for (std::size_t i = 0; i < info_.services.size(); ++i) {
            const ServiceInfo& service = info_.services[i];
            services_.push_back({sizeof(dms_plugin_service), service.name.c_str(), service.description.c_str(), parameter_texts_[i].c_str()});
        }
    }

    // Fills the ABI 1.0 members of the host's table, and none beyond them.
    void describe(dms_plugin_api& out) {
        out.abi_major = DMS_ABI_MAJOR;
        out.abi_minor = DMS_ABI_MINOR;
        out.name = info_.name.c_str();
        out.version = info_.version.c_str();
        out.description = info_.description.c_str();
        out.service_count = services_.size();
        out.services = services_.data();
        out.state = this;
        out.validate = &PluginState::validate_hook;
        out.run = &PluginState::run_hook;
        out.destroy = &PluginState::destroy_hook;
    }

private:
    bool provides(std::string_view service) const {
        for (const ServiceInfo& s : info_.services) {
            if (s.name == service) return true;
        }
        return false;
    }

    static dms_type_status validate_hook(void* state, dms_type_str service, dms_type_str parameters_json,
                                         dms_type_error* error) noexcept {
        auto& self = *static_cast<PluginState*>(state);
        return guarded(self.host_, error, [&] {
            const std::string_view name = from_abi(service);
            if (!self.provides(name)) throw InvalidParameters("unknown service '" + std::string(name) + "'");
            const auto parameters = nlohmann::json::parse(from_abi(parameters_json), nullptr, false);
            if (!parameters.is_object()) throw InvalidParameters("parameters must be a JSON object");
            self.executor_->validate(name, parameters);
            return DMS_STATUS_OK;
        });
    }

    static dms_type_status run_hook(void* state, const dms_type_task_info* info, dms_type_task* handle,
                                    dms_type_error* error) noexcept {
        auto& self = *static_cast<PluginState*>(state);
        return guarded(self.host_, error, [&] {
            if (info == nullptr || info->struct_size < kTaskInfoSize) {
                throw std::runtime_error("the host's task info is smaller than ABI 1.0 requires");
            }
            Task task(*self.host_, *info, handle);
            if (!self.provides(task.service())) {
                throw std::runtime_error("unknown service '" + std::string(task.service()) + "'");
            }
            self.executor_->run(task);
            return task.cancelled() ? DMS_STATUS_CANCELLED : DMS_STATUS_OK;
        });
    }

    static void destroy_hook(void* state) noexcept { delete static_cast<PluginState*>(state); }

    const dms_host_api* host_;
    PluginInfo info_;
    std::unique_ptr<Executor> executor_;
    std::vector<std::string> parameter_texts_;
    std::vector<dms_plugin_service> services_;
};

}  // namespace dms::sdk::detail
