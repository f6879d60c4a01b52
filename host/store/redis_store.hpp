#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

#include "store/redis/connection_pool.hpp"
#include "store/redis/store_scripts.hpp"
#include "store/redis/url.hpp"
#include "store/task_store.hpp"

namespace dms::store {

struct RedisStoreOptions {
    redis::Url write;                // the primary: every change goes here
    std::optional<redis::Url> read;  // a replica for reads; none: the primary
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds command_timeout{5000};  // bounds every call, so none hangs on a silent server
    std::size_t max_idle_connections = 16;            // per server
};

// The shared TaskStore: all state in one Redis (with replicas for reads, if any), for many hosts at once. Every change
// to more than one key is one Lua script (atomic, one round trip), whose status changes follow the state machine's
// own table; queues are sorted sets by seq, so leases and positions cost O(log n). See docs/redis.md for the keys.
// When Redis does not answer, every call throws StoreError within the timeouts, and the next call after Redis
// returns reconnects.
class RedisStore : public TaskStore {
 public:
    // Connects to nothing yet: connections are opened on first use, so a host can start while Redis is away.
    explicit RedisStore(RedisStoreOptions options);

    std::vector<SubmitRefusal> submit(std::span<task::Task> tasks, std::string_view log) override;
    std::optional<task::Task> get(std::string_view task_id, std::size_t log_tail) override;
    std::optional<std::int64_t> queue_position(std::string_view task_id) override;
    std::optional<task::Task> lease_next(const LeaseRequest& request, std::string_view log) override;
    std::vector<task::Task> lease_batch(const LeaseRequest& request, std::size_t max, std::string_view log) override;
    bool renew_lease(const Fence& fence, task::Timestamp lease_until) override;
    std::vector<std::string> cancel_requested_among(std::span<const std::string> task_ids) override;
    using TaskStore::finish;  // the convenience overload, which a declaration here would hide
    ChangeResult finish(const FinishRequest& request) override;
    std::vector<ChangeResult> finish_batch(std::span<const FinishRequest> requests) override;
    std::vector<std::string> requeue_abandoned(task::Timestamp now, std::optional<std::string> owner,
                                               std::string_view log) override;
    bool append_log(const Fence& fence, std::string_view message) override;
    bool update_progress(const Fence& fence, const task::Progress& progress) override;
    bool save_checkpoint(const Fence& fence, std::string_view cursor) override;
    ChangeResult resubmit(std::string_view task_id, std::string_view log) override;
    ChangeResult request_cancel(std::string_view task_id, std::string_view log) override;
    ChangeResult set_priority(std::string_view task_id, task::Priority priority, std::string_view log) override;
    bool remove(std::string_view task_id) override;
    TaskPage list(const ListQuery& query) override;
    std::vector<std::string> users_of(std::string_view service) override;
    Stats stats() override;
    Blocks blocks() override;
    void set_global_block(bool blocked) override;
    void set_user_block(std::string_view user_id, bool blocked) override;
    std::vector<std::string> paused_services() override;
    void set_service_paused(std::string_view service, bool paused) override;
    RunningCount running_count(std::string_view service, std::string_view user_id) override;
    std::size_t expire_finished(task::Timestamp cutoff, std::size_t max_tasks) override;
    // True when both the primary and the read server answer PING.
    bool healthy() override;

    // Runs a script on the primary: for stores of other things in the same Redis whose changes create tasks in the
    // same script (recurring templates).
    redis::Reply run_script(const redis::Script& script, const std::vector<std::string>& args) {
        return run(script, args);
    }
    // The fair step of a user's tasks (FairShares), for those scripts.
    std::int64_t fair_step(std::string_view user_id) const { return fair_shares_.step(user_id); }

 private:
    // Runs a script on the primary.
    redis::Reply run(const redis::Script& script, const std::vector<std::string>& args);
    std::vector<ChangeResult> finish_all(std::span<const FinishRequest> requests, bool with_task);
    // A fenced write of the current attempt: `fields` to set, then optionally a log line, a lease, a touch.
    bool fenced_write(const Fence& fence, std::vector<std::string> fields, std::optional<std::string_view> log,
                      std::optional<task::Timestamp> lease_until, bool touch);

    redis::ConnectionPool writer_;
    redis::ConnectionPool reader_;
    redis::StoreScripts scripts_;
};

}  // namespace dms::store
