#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "dispatch/dispatcher.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/sqlite_store.hpp"
#include "util/ids.hpp"

namespace dms::dispatch {
namespace {

// A store on a real file in a fresh folder, removed afterwards.
struct BenchFolder {
    BenchFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "dms-bench-XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~BenchFolder() { std::filesystem::remove_all(path); }
    std::filesystem::path path;
};

void queue_noop_tasks(store::TaskStore& store, std::size_t count) {
    std::vector<task::Task> batch;
    for (std::size_t i = 0; i < count; ++i) {
        task::Task task;
        task.task_id = util::new_task_id();
        task.service = "noop";
        task.user_id = "bench";
        task.created_at = task.updated_at = task::now();
        batch.push_back(std::move(task));
        if (batch.size() == 4096 || i + 1 == count) {
            store.submit(batch, "Task queued");
            batch.clear();
        }
    }
}

// Drain: `range(0)` queued noop tasks, the real noop plugin, `range(1)` workers; time until all completed.
void BM_DrainNoop(benchmark::State& state) {
    auto count = static_cast<std::size_t>(state.range(0));
    auto plugins = plugin::PluginRegistry::load_directory(DMS_BUNDLED_PLUGIN_DIR);
    for (auto _ : state) {
        state.PauseTiming();
        BenchFolder folder;
        store::SqliteStore store(folder.path / "bench.sqlite3");
        queue_noop_tasks(store, count);
        DispatcherOptions options{"bench-host", static_cast<unsigned>(state.range(1))};
        Dispatcher dispatcher(store, plugins, options);
        state.ResumeTiming();
        dispatcher.start();
        // Polling the exact count the store keeps; 1 ms steps are small next to the drain being measured.
        while (store.stats().by_status["completed"] < static_cast<std::int64_t>(count)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        state.PauseTiming();
        dispatcher.stop(std::chrono::milliseconds(0));
        state.ResumeTiming();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
}
BENCHMARK(BM_DrainNoop)->Args({5000, 2})->Args({5000, 8})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace dms::dispatch
