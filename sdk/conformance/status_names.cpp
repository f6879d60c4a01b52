#include "status_names.hpp"

#include <dms/plugin_abi.h>

namespace dms::conformance {

std::string status_name(int status) {
    switch (status) {
        case DMS_STATUS_OK:
            return "OK";
        case DMS_STATUS_ERROR:
            return "ERROR";
        case DMS_STATUS_INVALID:
            return "INVALID";
        case DMS_STATUS_CANCELLED:
            return "CANCELLED";
        case DMS_STATUS_PERMANENT:
            return "PERMANENT";
        default:
            return "unknown status " + std::to_string(status);
    }
}

bool documented_for_validate(int status) { return status == DMS_STATUS_OK || status == DMS_STATUS_INVALID; }

bool documented_for_run(int status) {
    return status == DMS_STATUS_OK || status == DMS_STATUS_ERROR || status == DMS_STATUS_INVALID ||
           status == DMS_STATUS_CANCELLED || status == DMS_STATUS_PERMANENT;
}

}  // namespace dms::conformance
