#pragma once

#include <array>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <nlohmann/json.hpp>

#include "task/state_machine.hpp"
#include "task/task.hpp"

namespace dms::metrics {

// What the dispatcher's attempts tell: how long each ran, how long tasks waited for their first start, and what
// transfers moved, by service and outcome (completed, failed, cancelled, requeued). The series of every service
// are made at start-up, so recording an ending costs no registry look-up.
class TaskMetrics {
public:
    TaskMetrics(prometheus::Registry& registry, const std::vector<std::string>& services);

    // One attempt of `task` ended with `event` after its plugin ran for `took`; `result` is what the plugin set.
    // The run time counts for every ending; the wait (created to first started) once per task, when it ends for
    // good (not requeued); a transfer's tallies (result.copied, .skipped, .failed, .deleted) whatever the ending,
    // since the bytes moved all the same. Thread-safe.
    void attempt_ended(const task::Task& task, task::Event event, const nlohmann::json& result,
                       std::chrono::nanoseconds took);

private:
    static constexpr std::size_t kOutcomes = 4;

    struct ServiceSeries {
        std::array<prometheus::Histogram*, kOutcomes> duration{};
        std::array<prometheus::Histogram*, kOutcomes> wait{};
    };

    void count_transfer(const std::string& service, const nlohmann::json& result);

    prometheus::Family<prometheus::Histogram>& duration_;
    prometheus::Family<prometheus::Histogram>& wait_;
    prometheus::Family<prometheus::Counter>& transfer_bytes_;
    prometheus::Family<prometheus::Counter>& transfer_files_;
    std::map<std::string, ServiceSeries, std::less<>> services_;  // read-only after construction
};

}  // namespace dms::metrics
