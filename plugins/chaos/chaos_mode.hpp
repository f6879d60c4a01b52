#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dms::plugins {

// How a chaos task misbehaves on purpose, to test a host, a dispatcher or the conformance kit.
enum class ChaosMode {
    succeed,           // completes at once
    fail,              // throws std::runtime_error(message): an ordinary failure the host may retry
    fail_permanently,  // throws dms::sdk::PermanentFailure(message): the host must not retry
    crash,             // SIGSEGV: writes through a null pointer
    abort,             // std::abort(): SIGABRT, as an uncaught exception in a C plugin would end
    hang,              // never returns and ignores cancel
    ignore_cancel,     // runs `seconds` whatever cancel says, then succeeds
    quiet,             // runs `seconds` with neither progress nor heartbeat, honouring cancel, then succeeds
    heartbeat,         // runs `seconds` with a heartbeat every 100 ms and no progress, honouring cancel
    slow,              // runs `seconds` with progress every 100 ms, honouring cancel
    leak,              // allocates and touches 16 MiB every 50 ms, never frees, until cancelled
    garbage_stdout,    // writes a few KiB of random bytes to stdout and stderr, then succeeds
    bad_progress,      // reports NaN, negative and done > total progress, then succeeds
};

// The mode named `name`, or nothing for an unknown name.
std::optional<ChaosMode> parse_chaos_mode(std::string_view name);

// The mode's parameter value, e.g. "fail_permanently".
std::string_view chaos_mode_name(ChaosMode mode);

// Every mode's name, separated by " | ": what a refusal and the parameter description list.
std::string chaos_mode_list();

}  // namespace dms::plugins
