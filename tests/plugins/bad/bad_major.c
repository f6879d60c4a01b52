/* Claims ABI 2.0: the host must refuse it without touching the rest of the table. */
#include "c_plugin.h"

C_PLUGIN_EXPORT dms_type_status dms_plugin_init(const dms_host_api* host, dms_plugin_api* out, dms_type_error* error) {
    (void)error;
    c_fill(host, out, "bad_major");
    out->abi_major = 2;
    out->abi_minor = 0;
    return DMS_STATUS_OK;
}
