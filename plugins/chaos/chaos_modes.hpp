#pragma once

#include <dms/sdk.hpp>

#include "chaos_parameters.hpp"

namespace dms::plugins {

// Misbehaves as parameters.mode says. Returns only for the modes that end well (succeed, ignore_cancel,
// quiet, heartbeat, slow, garbage_stdout, bad_progress); the others throw, kill the process or never return.
// @throw sdk::Cancelled when a mode that honours cancel was cancelled
void misbehave(const ChaosParameters& parameters, sdk::Task& task);

}  // namespace dms::plugins
