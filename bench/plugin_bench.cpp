// The cost of handing one attempt to a plugin: the real noop plugin, loaded from its .so by Boost.DLL, called through
// the C ABI and its bridge, as a worker calls it.
#include <benchmark/benchmark.h>

#include <atomic>
#include <string>

#include <spdlog/spdlog.h>

#include "plugin/plugin_registry.hpp"
#include "plugin/run_context.hpp"
#include "util/ids.hpp"

namespace dms::plugin {
namespace {

// The host's side of the attempt, counting what the plugin reports (a worker writes them to the store).
class CountingContext : public RunContext {
public:
    void log(LogLevel, std::string_view) override { ++calls; }
    void progress(const task::Progress&) override { ++calls; }
    bool cancelled() const override { return false; }
    void checkpoint(std::string_view) override { ++calls; }
    void heartbeat() override { ++calls; }

    std::atomic<long> calls{0};
};

void BM_PluginCall(benchmark::State& state) {
    // Google Benchmark calls this several times while it sizes the run: one line per plugin each time is noise.
    spdlog::set_level(spdlog::level::warn);
    auto plugins = PluginRegistry::load_directory(DMS_BUNDLED_PLUGIN_DIR);
    if (plugins.find("noop") == nullptr) {
        state.SkipWithError("no noop plugin in " DMS_BUNDLED_PLUGIN_DIR);
        return;
    }
    RunRequest request{util::new_task_id(), "noop", "bench", nlohmann::json::object(), "", 1};
    CountingContext context;
    for (auto _ : state) {
        RunOutcome outcome = plugins.run(request, context);
        if (outcome.kind != RunOutcome::Kind::ok) state.SkipWithError(("noop failed: " + outcome.message).c_str());
    }
    state.counters["reports_per_call"] = static_cast<double>(context.calls) / static_cast<double>(state.iterations());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PluginCall);

}  // namespace
}  // namespace dms::plugin
