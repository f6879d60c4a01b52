#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/sqlite_store.hpp"
#include "util/ids.hpp"
#ifdef DMS_BENCH_REDIS
#include "store/redis_store.hpp"
#include "support/redis_server.hpp"
#endif

namespace dms::store {
namespace {

// sqlite_shared: the SQLite store with DMS_SQLITE_LOCKING=shared, whose reads lock the shared WAL index.
enum class Kind { sqlite, sqlite_shared, redis };

// A store in a fresh place, removed afterwards: a real SQLite file in a new folder (on the same disk as the build),
// or a real redis-server on a free loopback port (Debian's, as the tests start it; no persistence, as BullMQ's runs).
class BenchStore {
public:
    explicit BenchStore(Kind kind = Kind::sqlite) {
        std::string pattern = (std::filesystem::temp_directory_path() / "dms-bench-XXXXXX").string();
        dir_ = ::mkdtemp(pattern.data());
        open(kind);
    }
    std::filesystem::path file() const { return dir_ / "bench.sqlite3"; }
    void close() { store_.reset(); }
    ~BenchStore() {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    TaskStore& operator*() { return *store_; }

private:
    void open(Kind kind) {
        if (kind != Kind::redis) {
            store_ = std::make_unique<SqliteStore>(
                file(), kind == Kind::sqlite ? sqlite::FileLocking::exclusive : sqlite::FileLocking::shared);
            return;
        }
#ifdef DMS_BENCH_REDIS
        redis_ = std::make_unique<test::RedisServer>();
        RedisStoreOptions options;
        options.write = redis::parse_url(redis_->url());
        store_ = std::make_unique<RedisStore>(options);
#else
        throw std::runtime_error("dms_bench was built without the test support that starts a redis-server");
#endif
    }

    std::filesystem::path dir_;
#ifdef DMS_BENCH_REDIS
    std::unique_ptr<test::RedisServer> redis_;  // before the store, which it outlives
#endif
    std::unique_ptr<TaskStore> store_;
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
void BM_SubmitBatch(benchmark::State& state, Kind kind) {
    BenchStore store(kind);
    auto batch = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        state.PauseTiming();
        auto tasks = new_tasks(batch);
        state.ResumeTiming();
        (*store).submit(tasks, "Task queued");
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
}
BENCHMARK_CAPTURE(BM_SubmitBatch, sqlite, Kind::sqlite)->Arg(1)->Arg(64)->Arg(1024)->UseRealTime();

// One task through the worker path: lease the next, then finish it.
void BM_LeaseAndFinish(benchmark::State& state, Kind kind) {
    BenchStore store(kind);
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
BENCHMARK_CAPTURE(BM_LeaseAndFinish, sqlite, Kind::sqlite)->UseRealTime();

// Reads on the request path: one task with its log tail, and its queue position among `range(0)` queued.
void BM_GetWithPosition(benchmark::State& state, Kind kind) {
    BenchStore store(kind);
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
BENCHMARK_CAPTURE(BM_GetWithPosition, sqlite, Kind::sqlite)->Arg(1000)->Arg(100000);
BENCHMARK_CAPTURE(BM_GetWithPosition, sqlite_shared, Kind::sqlite_shared)->Arg(1000);

// GET of a finished task, as `bench/wrk/run.sh --scenario get` reads them: three log lines and one attempt record.
void BM_GetFinished(benchmark::State& state, Kind kind) {
    BenchStore store(kind);
    LeaseRequest request{"bench-host", task::now() + std::chrono::seconds(30), {"noop"}};
    auto tasks = new_tasks(1);
    (*store).submit(tasks, "Task queued");
    auto task = (*store).lease_next(request, "Started");
    (*store).finish({task->task_id, task->attempts}, task::Event::succeed, {{"ok", true}}, "Completed");
    for (auto _ : state) {
        auto found = (*store).get(task->task_id, 50);
        if (!found || found->logs.size() != 3) state.SkipWithError("the finished task was not read whole");
        benchmark::DoNotOptimize(found);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_GetFinished, sqlite, Kind::sqlite);

// A page of the newest 100 tasks with their last log line, among `range(0)` tasks: what GET .../tasks reads.
void BM_ListPage(benchmark::State& state, Kind kind) {
    BenchStore store(kind);
    for (std::int64_t left = state.range(0); left > 0; left -= 4096) {
        auto tasks = new_tasks(static_cast<std::size_t>(std::min<std::int64_t>(left, 4096)));
        (*store).submit(tasks, "Task queued");
    }
    ListQuery query;
    query.service = "noop";
    query.log_tail = 1;
    for (auto _ : state) {
        TaskPage page = (*store).list(query);
        if (page.tasks.size() != query.limit) state.SkipWithError("the page is not full");
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(query.limit));
}
BENCHMARK_CAPTURE(BM_ListPage, sqlite, Kind::sqlite)->Arg(10000);
BENCHMARK_CAPTURE(BM_ListPage, sqlite_shared, Kind::sqlite_shared)->Arg(10000);

#ifdef DMS_BENCH_REDIS
// The same on the Redis store: every call a round trip over loopback to a redis-server on the same cores.
BENCHMARK_CAPTURE(BM_SubmitBatch, redis, Kind::redis)->Arg(1)->Arg(64)->Arg(1024)->UseRealTime();
BENCHMARK_CAPTURE(BM_LeaseAndFinish, redis, Kind::redis)->UseRealTime();
BENCHMARK_CAPTURE(BM_GetWithPosition, redis, Kind::redis)->Arg(1000)->Arg(100000)->UseRealTime();
BENCHMARK_CAPTURE(BM_GetFinished, redis, Kind::redis)->UseRealTime();
BENCHMARK_CAPTURE(BM_ListPage, redis, Kind::redis)->Arg(10000)->UseRealTime();
#endif

}  // namespace
}  // namespace dms::store

namespace dms::store {
namespace {

// Opening a store with `range(0)` tasks queued: what start-up costs with a backlog (the queue order is rebuilt).
void BM_OpenWithBacklog(benchmark::State& state) {
    BenchStore store(Kind::sqlite);
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
