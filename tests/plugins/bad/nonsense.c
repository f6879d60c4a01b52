/* Runs, but reports nonsense: an unknown status, a result that is not an object, absurd progress. */
#include <math.h>

#include "c_plugin.h"

static const dms_plugin_service services[] = {
    {sizeof(dms_plugin_service), "bad_status", "Returns status 77.", "[]"},
    {sizeof(dms_plugin_service), "bad_result", "Sets a JSON array as its result and returns OK.", "[]"},
    {sizeof(dms_plugin_service), "bad_progress", "Reports nonsense progress, then one sane report.", "[]"},
    {sizeof(dms_plugin_service), "silent_error", "Fails without a message.", "[]"},
};

static dms_type_status nonsense_run(void* state, const dms_type_task_info* info, dms_type_task* task,
                                    dms_type_error* error) {
    (void)state, (void)error;
    const char* service = info->service.ptr;
    size_t len = info->service.len;
    if (len == 10 && strncmp(service, "bad_status", len) == 0) return (dms_type_status)77;
    if (len == 10 && strncmp(service, "bad_result", len) == 0) {
        c_host->task_set_result(task, c_str("[1, 2]"));
        return DMS_STATUS_OK;
    }
    if (len == 12 && strncmp(service, "bad_progress", len) == 0) {
        c_host->task_progress(task, NAN, 10, c_str("steps"), c_str("nan"));
        c_host->task_progress(task, -1, 10, c_str("steps"), c_str("negative"));
        c_host->task_progress(task, INFINITY, 10, c_str("steps"), c_str("infinite"));
        c_host->task_progress(task, 5, 2, c_str("steps"), c_str("beyond total"));
        c_host->task_progress(task, 1, 2, c_str("steps"), c_str("half"));
        c_host->task_set_result(task, c_str("{\"ok\": true}"));
        return DMS_STATUS_OK;
    }
    return DMS_STATUS_ERROR;
}

C_PLUGIN_EXPORT dms_type_status dms_plugin_init(const dms_host_api* host, dms_plugin_api* out, dms_type_error* error) {
    (void)error;
    c_fill(host, out, "nonsense");
    out->services = services;
    out->service_count = sizeof services / sizeof services[0];
    out->run = nonsense_run;
    return DMS_STATUS_OK;
}
