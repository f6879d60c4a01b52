#include "loaded_plugin.hpp"

#include "report_text.hpp"
#include "status_names.hpp"

namespace dms::conformance {

LoadedPlugin::LoadedPlugin(const std::filesystem::path& library)
    : library_(library), host_(std::make_unique<CheckHost>(library_.init())) {
    if (host_->init_status() != DMS_STATUS_OK) {
        throw LoadFailure("dms_plugin_init refused the load with " + status_name(host_->init_status()) + ": " +
                          one_line(host_->init_message()));
    }
}

}  // namespace dms::conformance
