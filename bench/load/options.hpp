#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dms::load {

// Everything one dms-load run is told on its command line (see main.cpp for the flags and defaults).
struct LoadOptions {
    std::filesystem::path host_binary;  // the dms-host to start
    std::filesystem::path plugin_dir;   // where libdms_noop.so and libdms_sleep.so are taken from
    std::string url;                    // attach to a running host instead of starting one
    std::string operator_token;         // for /admin/stats; generated when the driver starts the host
    unsigned workers = 2;               // workers serving noop (one more is started and parked, see README)
    unsigned http_threads = 2;
    unsigned client_threads = 1;         // io threads of the driver per request loop
    std::vector<std::string> scenarios;  // submit, get, drain, mixed
    std::vector<unsigned> connections{1, 16, 64};
    std::size_t count = 10000;  // requests per scenario step (submit per concurrency, get, drain)
    double max_seconds = 10;    // a step stops early after this
    double mixed_seconds = 5;
    std::size_t preload = 0;      // queued sleep tasks to put in the store first
    std::size_t get_ids = 10000;  // how many known task ids the get scenario cycles through
    std::vector<std::string> host_env;  // NAME=VALUE settings for the started host, e.g. DMS_STORE=redis
    bool json = false;
};

// The one task every measured request submits: noop at high priority, ahead of the parked sleep tasks.
inline constexpr const char* kNoopBody = R"({"priority":"high"})";
inline constexpr const char* kUser = "load";

}  // namespace dms::load
