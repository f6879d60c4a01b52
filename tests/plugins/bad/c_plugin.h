/* Shared by the hand-written C test plugins: a valid ABI 1.0 table that each case then spoils in one way. */
#ifndef DMS_TEST_C_PLUGIN_H
#define DMS_TEST_C_PLUGIN_H

#include <dms/plugin_abi.h>
#include <string.h>

#define C_PLUGIN_EXPORT __attribute__((visibility("default")))

static const dms_host_api* c_host;

static dms_type_str c_str(const char* text) {
    dms_type_str s = {text, strlen(text)};
    return s;
}

static dms_type_status c_validate(void* state, dms_type_str service, dms_type_str parameters, dms_type_error* error) {
    (void)state, (void)service, (void)parameters, (void)error;
    return DMS_STATUS_OK;
}

static dms_type_status c_run(void* state, const dms_type_task_info* info, dms_type_task* task, dms_type_error* error) {
    (void)state, (void)info, (void)task, (void)error;
    return DMS_STATUS_OK;
}

static const dms_plugin_service c_services[] = {{sizeof(dms_plugin_service), "c_service", "Does nothing.", "[]"}};

/* Fills a table that passes every host check. */
static void c_fill(const dms_host_api* host, dms_plugin_api* out, const char* name) {
    c_host = host;
    out->abi_major = DMS_ABI_MAJOR;
    out->abi_minor = DMS_ABI_MINOR;
    out->name = name;
    out->version = "0.0.1";
    out->description = "A test plugin.";
    out->service_count = 1;
    out->services = c_services;
    out->state = NULL;
    out->validate = c_validate;
    out->run = c_run;
    out->destroy = NULL;
}

#endif
