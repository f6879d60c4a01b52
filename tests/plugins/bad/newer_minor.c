/* Claims ABI 1.99, newer than the host: refused, but released through destroy (its layout is 1.x). */
#include <stdio.h>
#include <stdlib.h>

#include "c_plugin.h"

static void c_destroy(void* state) {
    /* Leaves a trace a test can check: the host released the plugin before unloading it. */
    const char* path = getenv("DMS_TEST_DESTROY_MARK");
    (void)state;
    if (path != NULL) {
        FILE* mark = fopen(path, "w");
        if (mark != NULL) fclose(mark);
    }
}

C_PLUGIN_EXPORT dms_type_status dms_plugin_init(const dms_host_api* host, dms_plugin_api* out, dms_type_error* error) {
    (void)error;
    c_fill(host, out, "newer_minor");
    out->abi_minor = 99;
    out->destroy = c_destroy;
    return DMS_STATUS_OK;
}
