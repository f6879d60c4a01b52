/*
 * dms/plugin_abi.h: the whole binary interface between the DMS host and an executor plugin.
 *
 * A plugin is a shared library that exports exactly one symbol, `dms_plugin_init`. The host calls it
 * once after loading the library (RTLD_LOCAL), handing over a table of host callbacks and receiving the
 * plugin's description and entry points. Everything else crosses as plain C below.
 *
 * Names: `dms_type_*` are types shared by both sides, `dms_plugin_*` is what the plugin exports or
 * fills in, `dms_host_*` is what the host implements and the plugin calls.
 *
 * Compatibility: both tables start with abi_major, abi_minor and struct_size. Members are only ever
 * appended, each batch marked with the minor version that added it; nothing is removed, reordered or
 * retyped within a major version. The host refuses a plugin whose major differs from its own or whose
 * minor is newer than its own. A side reading a member must first check that struct_size covers it.
 * In every major version, dms_host_api begins with abi_major, abi_minor, struct_size and error_set, and
 * dms_plugin_api with abi_major, abi_minor, struct_size: so either side can always tell the other's
 * version, and a plugin can always refuse a host it does not support with a message.
 *
 * Strings cross as dms_type_str {ptr, len}, not NUL-terminated, valid only for the duration of the call
 * that passes them; whoever wants to keep one copies it. Errors are status codes plus a message the host
 * copies; no C++ exception may cross this boundary.
 */
#ifndef DMS_PLUGIN_ABI_H
#define DMS_PLUGIN_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DMS_ABI_MAJOR 1
#define DMS_ABI_MINOR 1

/* A borrowed byte string. OWNERSHIP: the side that passes it; valid for the call only. */
typedef struct dms_type_str {
    const char* ptr;
    size_t len;
} dms_type_str;

/* What a plugin call returned. */
typedef enum dms_type_status {
    DMS_STATUS_OK = 0,        /* success */
    DMS_STATUS_ERROR = 1,     /* the work failed; the message says why */
    DMS_STATUS_INVALID = 2,   /* the parameters are unacceptable; the message says why */
    DMS_STATUS_CANCELLED = 3, /* the task stopped because the host asked it to */
    /* Added in 1.1 */
    DMS_STATUS_PERMANENT = 4  /* the work failed and another attempt cannot help (no such file, a refused
                                 credential); the message says why, and the host does not retry. From run only;
                                 a 1.0 host treats it as DMS_STATUS_ERROR */
} dms_type_status;

typedef enum dms_type_log_level {
    DMS_LOG_DEBUG = 0,
    DMS_LOG_INFO = 1,
    DMS_LOG_WARN = 2,
    DMS_LOG_ERROR = 3
} dms_type_log_level;

/* Opaque host object for one running attempt of one task. OWNERSHIP: host; valid until run returns. */
typedef struct dms_type_task dms_type_task;

/* Opaque host object that receives an error message. OWNERSHIP: host; valid for the call only. */
typedef struct dms_type_error dms_type_error;

/* What the host tells a plugin about the task it is to run. OWNERSHIP: host; valid until run returns. */
typedef struct dms_type_task_info {
    uint32_t struct_size;         /* sizeof(dms_type_task_info) as the host knows it */
    dms_type_str task_id;         /* UUID text */
    dms_type_str service;         /* the service this task was submitted to */
    dms_type_str user_id;         /* who submitted it */
    dms_type_str parameters_json; /* a JSON object, already accepted by validate */
    dms_type_str resume_cursor;   /* the last checkpoint of an earlier attempt; empty on the first */
    uint32_t attempt;             /* 1 for the first attempt, 2 for the next, ... */
} dms_type_task_info;

/* The host's callbacks, handed to dms_plugin_init. OWNERSHIP: host; valid until the library unloads. */
typedef struct dms_host_api {
    uint32_t abi_major;   /* the host's DMS_ABI_MAJOR */
    uint32_t abi_minor;   /* the host's DMS_ABI_MINOR */
    uint32_t struct_size; /* sizeof(dms_host_api) as the host knows it */

    /* Sets the message that explains a non-OK status. The host copies it; the last call wins.
     * THREADING: any thread, on the error object of the current call. */
    void (*error_set)(dms_type_error* error, dms_type_str message);

    /* Appends a line to the task's log. THREADING: the thread running the task, or any thread it made
     * while run has not returned. */
    void (*task_log)(dms_type_task* task, dms_type_log_level level, dms_type_str message);

    /* Reports progress: done out of total, in unit ("bytes", "files", "seconds"...), with a short
     * message. total 0 means unknown. The host may coalesce frequent reports. THREADING: as task_log. */
    void (*task_progress)(dms_type_task* task, double done, double total, dms_type_str unit,
                          dms_type_str message);

    /* True once the host wants the task to stop (user cancel, shutdown). Cheap; poll it often and
     * return DMS_STATUS_CANCELLED soon after it turns true. THREADING: as task_log. */
    bool (*task_cancelled)(dms_type_task* task);

    /* Sets the task's result, a JSON object as text. Returns DMS_STATUS_INVALID when it is not a JSON
     * object. The host copies it; the last call wins. THREADING: as task_log. */
    dms_type_status (*task_set_result)(dms_type_task* task, dms_type_str result_json);

    /* Saves an opaque resume cursor durably with the task; the next attempt receives it as
     * dms_type_task_info.resume_cursor. The host copies it. THREADING: as task_log. */
    void (*task_checkpoint)(dms_type_task* task, dms_type_str cursor);

    /* Writes to the host's own log, outside any task. THREADING: any thread. */
    void (*host_log)(dms_type_log_level level, dms_type_str message);

    /* Reads a setting by its DMS_* name: the host's effective value for its own settings (e.g.
     * DMS_DATA_DIR, which may come from a flag), else the environment variable of that name (e.g. a
     * plugin's own DMS_COPY_ALLOWED_ROOTS). Returns false when unset or not a DMS_* name. OWNERSHIP:
     * *value belongs to the host and stays valid until destroy. THREADING: any thread. */
    bool (*host_setting)(dms_type_str name, dms_type_str* value);

    /* Added in 1.1 */
    /* Tells the host the task is alive during a long quiet step that has no progress to report. A task that
     * reports neither progress nor a heartbeat for its service's stall time is stopped and retried. Cheap;
     * call it every few seconds. THREADING: as task_log. */
    void (*task_heartbeat)(dms_type_task* task);
} dms_host_api;

/* One service a plugin executes. OWNERSHIP: plugin; valid until destroy is called. The host walks the
 * services array with a stride of the first element's struct_size, so this struct can grow too. */
typedef struct dms_plugin_service {
    uint32_t struct_size;        /* sizeof(dms_plugin_service) as the plugin knows it */
    const char* name;            /* NUL-terminated; [a-z0-9_-], unique among all loaded plugins */
    const char* description;     /* NUL-terminated, one sentence */
    const char* parameters_json; /* NUL-terminated JSON array of {"name","type","required","description",
                                    "default"}, shown to users by /services and /help */
} dms_plugin_service;

/* What the plugin fills in during dms_plugin_init. The host zeroes it and sets struct_size first; the
 * plugin writes no member that lies beyond the struct_size the host set. */
typedef struct dms_plugin_api {
    uint32_t abi_major;   /* the plugin's DMS_ABI_MAJOR */
    uint32_t abi_minor;   /* the plugin's DMS_ABI_MINOR */
    uint32_t struct_size; /* set by the host to sizeof(dms_plugin_api) as the host knows it */

    const char* name;        /* NUL-terminated plugin name; OWNERSHIP: plugin, until destroy */
    const char* version;     /* NUL-terminated, e.g. "1.2.0"; OWNERSHIP: plugin, until destroy */
    const char* description; /* NUL-terminated; OWNERSHIP: plugin, until destroy */

    size_t service_count;              /* at least 1 */
    const dms_plugin_service* services; /* service_count entries; OWNERSHIP: plugin, until destroy */

    void* state; /* the plugin's own object, passed back to every hook; OWNERSHIP: plugin */

    /* Checks a submission's parameters before it is accepted. Returns DMS_STATUS_OK or
     * DMS_STATUS_INVALID with a message through error_set. THREADING: called concurrently from many
     * threads; must not block for long. */
    dms_type_status (*validate)(void* state, dms_type_str service, dms_type_str parameters_json,
                                dms_type_error* error);

    /* Runs one attempt of one task to its end. Returns DMS_STATUS_OK, DMS_STATUS_ERROR (message through
     * error_set; the host may retry), DMS_STATUS_PERMANENT or DMS_STATUS_INVALID (no retry) or
     * DMS_STATUS_CANCELLED. THREADING: called concurrently for different tasks, each on a
     * host worker thread. */
    dms_type_status (*run)(void* state, const dms_type_task_info* info, dms_type_task* task,
                           dms_type_error* error);

    /* Releases state and everything the plugin made. Called once, after the last run has returned and
     * before the library unloads. May be NULL. */
    void (*destroy)(void* state);
} dms_plugin_api;

/* The one symbol a plugin exports. Returns DMS_STATUS_OK after filling *out; anything else refuses
 * the load, with the reason through error_set on `error`. `host` stays valid until after destroy.
 * THREADING: called once, before any other hook. */
typedef dms_type_status (*dms_plugin_init_fn)(const dms_host_api* host, dms_plugin_api* out,
                                              dms_type_error* error);

#define DMS_PLUGIN_INIT_SYMBOL "dms_plugin_init"

#ifdef __cplusplus
}
#endif

#endif /* DMS_PLUGIN_ABI_H */
