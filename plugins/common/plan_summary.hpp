#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "plan.hpp"
#include "transfer_request.hpp"

namespace dms::fs {

// "12.5 MiB": sizes as log lines show them.
std::string human_bytes(std::uint64_t bytes);

// The plan as the result shows it: counts per category, and with `with_paths` (a dry run) the first
// paths of each.
nlohmann::json plan_json(const Plan& plan, bool with_paths);

// One log line: "plan: 3 files (1.2 MiB) to copy, 1 to replace, 10 unchanged, 2 to delete, 1 folder to create".
std::string plan_line(const Plan& plan);

// sync's deletion guard: why the planned deletions must not happen (an empty source, or more than
// max_delete), or nothing when they may. force_delete=true lifts it.
std::optional<std::string> deletion_refusal(const Plan& plan, const TransferRequest& request,
                                            const std::string& source_text);

}  // namespace dms::fs
