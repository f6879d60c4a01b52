/* Loads only if a symbol nobody defines resolves: RTLD_NOW makes dlopen refuse it up front. */
#include <dms/plugin_abi.h>

extern int dms_test_symbol_nobody_defines(void);

__attribute__((visibility("default"))) dms_type_status dms_plugin_init(const dms_host_api* host, dms_plugin_api* out,
                                                                       dms_type_error* error) {
    (void)host, (void)out, (void)error;
    return dms_test_symbol_nobody_defines() == 0 ? DMS_STATUS_OK : DMS_STATUS_ERROR;
}
