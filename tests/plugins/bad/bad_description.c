/* A valid table spoilt in the one way named by the DMS_BAD_* macro this file is compiled with. */
#include "c_plugin.h"

static const dms_plugin_service bad_name[] = {{sizeof(dms_plugin_service), "Bad Name!", "Bad.", "[]"}};
static const dms_plugin_service bad_json[] = {{sizeof(dms_plugin_service), "bad_json", "Bad.", "[{\"name\":"}};
static const dms_plugin_service not_array[] = {{sizeof(dms_plugin_service), "not_array", "Bad.", "{\"name\": \"x\"}"}};
static const dms_plugin_service twice[] = {{sizeof(dms_plugin_service), "twice", "One.", "[]"}, {sizeof(dms_plugin_service), "twice", "Two.", "[]"}};

C_PLUGIN_EXPORT dms_type_status dms_plugin_init(const dms_host_api* host, dms_plugin_api* out, dms_type_error* error) {
    (void)error;
    c_fill(host, out, "bad_description");
#if defined(DMS_BAD_STRUCT_SIZE)
    out->struct_size = 8;
#elif defined(DMS_BAD_NO_NAME)
    out->name = NULL;
#elif defined(DMS_BAD_NO_SERVICES)
    out->service_count = 0;
#elif defined(DMS_BAD_SERVICE_NAME)
    out->services = bad_name;
#elif defined(DMS_BAD_PARAMETERS_JSON)
    out->services = bad_json;
#elif defined(DMS_BAD_PARAMETERS_NOT_ARRAY)
    out->services = not_array;
#elif defined(DMS_BAD_SERVICE_TWICE)
    out->services = twice;
    out->service_count = 2;
#elif defined(DMS_BAD_NO_RUN)
    out->run = NULL;
#else
#error "compile with one DMS_BAD_* macro"
#endif
    return DMS_STATUS_OK;
}
