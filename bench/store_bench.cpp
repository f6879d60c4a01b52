#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/sqlite_store.hpp"
#include "util/ids.hpp"

namespace dms::store {
namespace {

// A store on a real file in a fresh folder, removed afterwards; on the same disk as the build.
class BenchStore {
public:
    BenchStore() {
        std::string pattern = (std::filesystem::temp_directory_path() / "dms-bench-XXXXXX").string();
        dir_ = ::mkdtemp(pattern.data());
        store_ = std::make_unique<SqliteStore>(file());
    }
    std::filesystem::path file() const { return dir_ / "bench.sqlite3"; }
    void close() { store_.reset(); }
    ~BenchStore() {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    SqliteStore& operator*() { return *store_; }

private:
    std::filesystem::path dir_;
    std::unique_ptr<SqliteStore> store_;
};

std::vector<task::Task> new_tasks(std::size_t count) {
    std::vector<task::Task> tasks(count);
    for (task::Task& task : tasks) {
        task.task_id = util::new_task_id();
        task.service = "noop";
        task.user_id = "bench";
        task.parameters = {{"source", "/data/in"}, {"destination", "/data/out"}};
        task.created_at = task.updated_at = task::now();
    }
    return tasks;
}

// Durable submissions, `range(0)` per commit: what group commit buys over one commit per task.
void BM_SubmitBatch(benchmark::State& state) {
    BenchStore store;
    auto batch = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        state.PauseTiming();
        auto tasks = new_tasks(batch);
        state.ResumeTiming();
        (*store).submit(tasks, "Task queued");
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
}
BENCHMARK(BM_SubmitBatch)->Arg(1)->Arg(64)->Arg(1024)->UseRealTime();

// One task through the worker path: lease the next, then finish it.
void BM_LeaseAndFinish(benchmark::State& state) {
    BenchStore store;
    LeaseRequest request{"bench-host", task::now() + std::chrono::seconds(30), {"noop"}};
    for (auto _ : state) {
        state.PauseTiming();
        auto tasks = new_tasks(1);
        (*store).submit(tasks, "Task queued");
        state.ResumeTiming();
        auto task = (*store).lease_next(request, "Started");
        (*store).finish({task->task_id, task->attempts}, task::Event::succeed, {{"ok", true}}, "Completed");
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LeaseAndFinish)->UseRealTime();

// Reads on the request path: one task with its log tail, and its queue position among `range(0)` queued.
void BM_GetWithPosition(benchmark::State& state) {
    BenchStore store;
    auto queued = static_cast<std::size_t>(state.range(0));
    for (std::size_t done = 0; done < queued; done += 4096) {
        auto tasks = new_tasks(std::min<std::size_t>(4096, queued - done));
        (*store).submit(tasks, "Task queued");
    }
    auto probe = new_tasks(1);
    (*store).submit(probe, "Task queued");
    for (auto _ : state) {
        benchmark::DoNotOptimize((*store).get(probe[0].task_id, 50));
        benchmark::DoNotOptimize((*store).queue_position(probe[0].task_id));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetWithPosition)->Arg(1000)->Arg(100000);

}  // namespace
}  // namespace dms::store

namespace dms::store {
namespace {

// Opening a store with `range(0)` tasks queued: what start-up costs with a backlog (the queue order is rebuilt).
void BM_OpenWithBacklog(benchmark::State& state) {
    BenchStore store;
    for (std::int64_t left = state.range(0); left > 0; left -= 8192) {
        auto tasks = new_tasks(static_cast<std::size_t>(std::min<std::int64_t>(left, 8192)));
        (*store).submit(tasks, "Task queued");
    }
    store.close();
    for (auto _ : state) {
        SqliteStore reopened(store.file());
        benchmark::DoNotOptimize(reopened.schema_version());
    }
}
BENCHMARK(BM_OpenWithBacklog)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace dms::store
