#include <benchmark/benchmark.h>

#include "task/state_machine.hpp"

namespace dms::task {
namespace {

// The cost of asking the state machine, paid inside every status-changing store transaction.
void BM_NextStatus(benchmark::State& state) {
    std::size_t i = 0;
    for (auto _ : state) {
        Status from = kAllStatuses[i % std::size(kAllStatuses)];
        Event event = kAllEvents[(i / std::size(kAllStatuses)) % std::size(kAllEvents)];
        benchmark::DoNotOptimize(next_status(from, event));
        ++i;
    }
}
BENCHMARK(BM_NextStatus);

}  // namespace
}  // namespace dms::task
