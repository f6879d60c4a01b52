#pragma once

#include <string>

namespace dms::conformance {

// The status's name as plugin_abi.h spells it without DMS_STATUS_, e.g. "CANCELLED"; "unknown status 9".
std::string status_name(int status);

// validate may answer only DMS_STATUS_OK or DMS_STATUS_INVALID (plugin_abi.h).
bool documented_for_validate(int status);

// run may answer OK, ERROR, INVALID, CANCELLED or PERMANENT (plugin_abi.h).
bool documented_for_run(int status);

}  // namespace dms::conformance
