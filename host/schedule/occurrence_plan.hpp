#pragma once

#include <chrono>
#include <cstddef>

#include "store/template_store.hpp"

namespace dms::schedule {

// An occurrence found later than this was missed (no host ran the scheduler then): its template's catch-up policy
// decides. A running scheduler wakes within about a second of every occurrence.
inline constexpr std::chrono::seconds kOnTimeGrace{60};

// What to do with a template that is due at `now`: which occurrence it stands for, where the template goes next,
// whether a task is wanted, and how many occurrences were missed (0 when on time).
struct OccurrencePlan {
    store::FireRequest request;  // without its task: the scheduler builds it when `create_task`
    bool create_task = false;
    std::size_t missed = 0;
};

// Decides a due template's occurrence: on time, it fires; missed ones (late beyond kOnTimeGrace, or several due at
// once) are passed over with catch-up skip, or become one task for the latest of them with run_once. Either way the
// template moves to its first occurrence after `now`. A template whose cron or zone no longer parses is passed over
// and disabled (no next run).
OccurrencePlan plan_occurrence(const store::Template& due, task::Timestamp now);

}  // namespace dms::schedule
