#include "metrics/task_metrics.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

namespace dms::metrics {
namespace {

// From a no-op run (a millisecond) or a task taken at once, to a day-long transfer or a day in the queue.
const prometheus::Histogram::BucketBoundaries kTimeBuckets = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5,  1,     5,
                                                              10,    30,    60,   300,  900, 3600, 21600, 86400};

constexpr std::array<std::string_view, 4> kOutcomeNames = {"completed", "failed", "cancelled", "requeued"};
constexpr std::array<std::string_view, 4> kTransferTallies = {"copied", "skipped", "failed", "deleted"};

// The index in kOutcomeNames of an attempt's ending; nothing for an event that does not end one.
std::optional<std::size_t> outcome_index(task::Event event) {
    switch (event) {
        case task::Event::succeed:
            return 0;
        case task::Event::fail:
        case task::Event::retry:  // the attempt failed; the task waits for its next one
            return 1;
        case task::Event::cancel:
            return 2;
        case task::Event::requeue:
            return 3;
        case task::Event::lease:
        case task::Event::resubmit:
            return std::nullopt;
    }
    return std::nullopt;
}

// A non-negative number at result[tally][field], or nothing.
std::optional<double> tally_value(const nlohmann::json& result, std::string_view tally, const char* field) {
    auto section = result.find(tally);
    if (section == result.end() || !section->is_object()) return std::nullopt;
    auto value = section->find(field);
    if (value == section->end() || !value->is_number() || value->get<double>() < 0) return std::nullopt;
    return value->get<double>();
}

}  // namespace

TaskMetrics::TaskMetrics(prometheus::Registry& registry, const std::vector<std::string>& services)
    : duration_(prometheus::BuildHistogram()
                    .Name("dms_task_duration_seconds")
                    .Help("Run time of each attempt, from its plugin's start to its return, by service and outcome")
                    .Register(registry)),
      wait_(prometheus::BuildHistogram()
                .Name("dms_task_wait_seconds")
                .Help("Time from submission to the first start, once per task when it ends, by service and outcome")
                .Register(registry)),
      transfer_bytes_(prometheus::BuildCounter()
                          .Name("dms_transfer_bytes_total")
                          .Help("Bytes of the files that transfers (copy, sync) copied, skipped, failed or deleted")
                          .Register(registry)),
      transfer_files_(prometheus::BuildCounter()
                          .Name("dms_transfer_files_total")
                          .Help("Files that transfers (copy, sync) copied, skipped, failed or deleted")
                          .Register(registry)) {
    for (const std::string& service : services) {
        ServiceSeries& series = services_[service];
        for (std::size_t i = 0; i < kOutcomes; ++i) {
            prometheus::Labels labels{{"service", service}, {"outcome", std::string(kOutcomeNames[i])}};
            series.duration[i] = &duration_.Add(labels, kTimeBuckets);
            series.wait[i] = &wait_.Add(labels, kTimeBuckets);
        }
    }
}

void TaskMetrics::attempt_ended(const task::Task& task, task::Event event, const nlohmann::json& result,
                                std::chrono::nanoseconds took) {
    auto outcome = outcome_index(event);
    auto series = services_.find(task.service);
    if (!outcome || series == services_.end()) return;
    series->second.duration[*outcome]->Observe(std::chrono::duration<double>(took).count());
    if (event != task::Event::requeue && event != task::Event::retry && task.started_at) {
        // Clamped: with a shared store, the submitting host's clock may run ahead of this one's.
        double waited = std::chrono::duration<double>(*task.started_at - task.created_at).count();
        series->second.wait[*outcome]->Observe(std::max(0.0, waited));
    }
    if (result.is_object()) count_transfer(task.service, result);
}

void TaskMetrics::count_transfer(const std::string& service, const nlohmann::json& result) {
    // Only a transfer's result has these sections; a dry run has a plan and no tallies. Ends of transfers are
    // rare (each moves files), so the family's look-up here costs nothing that matters.
    if (!tally_value(result, "copied", "files")) return;
    for (std::string_view tally : kTransferTallies) {
        prometheus::Labels labels{{"service", service}, {"action", std::string(tally)}};
        if (auto files = tally_value(result, tally, "files")) transfer_files_.Add(labels).Increment(*files);
        if (auto bytes = tally_value(result, tally, "bytes")) transfer_bytes_.Add(labels).Increment(*bytes);
    }
}

}  // namespace dms::metrics
