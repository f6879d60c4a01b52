/* Refuses itself at init, with a reason through error_set. */
#include "c_plugin.h"

C_PLUGIN_EXPORT dms_type_status dms_plugin_init(const dms_host_api* host, dms_plugin_api* out, dms_type_error* error) {
    (void)out;
    host->error_set(error, c_str("license server unreachable"));
    return DMS_STATUS_ERROR;
}
