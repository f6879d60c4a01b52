#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "store/task_store.hpp"
#include "task/task.hpp"
#include "util/time_format.hpp"

namespace dms::api {

// The task as the API shows it, timestamps and log lines in the configured zone; `position` only
// for a queued task.
nlohmann::json task_to_json(const task::Task& task, const util::TimeFormatter& time,
                            std::optional<std::int64_t> position = std::nullopt);

// {"tasks": [...], "next_cursor": ... or null}
nlohmann::json page_to_json(const store::TaskPage& page, const util::TimeFormatter& time);

nlohmann::json stats_to_json(const store::Stats& stats, const util::TimeFormatter& time);

nlohmann::json blocks_to_json(const store::Blocks& blocks);

}  // namespace dms::api
