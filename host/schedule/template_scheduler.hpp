#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/task_store.hpp"
#include "store/template_store.hpp"

namespace dms::schedule {

struct TemplateSchedulerOptions {
    std::map<std::string, int, std::less<>> max_retries;  // by service: for templates that set none; absent: 0
    // The loop sleeps until the earliest next run, but never longer: other hosts may add templates meanwhile.
    std::chrono::milliseconds longest_sleep{1000};
    std::function<task::Timestamp()> clock = [] { return task::now(); };
    std::function<void()> on_task_created;  // e.g. wakes the dispatcher
};

// Creates the tasks of recurring templates: a thread that wakes at the earliest next_run_at (or after longest_sleep,
// or when told of a change) and runs fire_due. Exactly-once is the store's work (TemplateStore::fire), so any number
// of hosts may run one over the same store.
class TemplateScheduler {
 public:
    TemplateScheduler(store::TemplateStore& templates, store::TaskStore& tasks, TemplateSchedulerOptions options);
    ~TemplateScheduler();

    void start();
    void stop();

    // A template changed here: look again now rather than at the end of the current sleep.
    void notify_changed();

    // One pass at `now`: each due template's occurrence is fired, skipped for overlap, or passed over (missed, or its
    // user blocked). Returns the tasks this call created. Tests call it with chosen instants.
    std::vector<task::Task> fire_due(task::Timestamp now);

 private:
    void loop();
    std::chrono::milliseconds sleep_after_pass();
    std::optional<task::Task> fire_one(const store::Template& due, task::Timestamp now, const store::Blocks& blocks);
    task::Task task_for(const store::Template& due, task::Timestamp occurrence, std::size_t missed) const;

    store::TemplateStore& templates_;
    store::TaskStore& tasks_;
    TemplateSchedulerOptions options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool changed_ = false;
    bool failing_ = false;  // the last pass failed (the loop's thread only)
    std::thread thread_;
};

}  // namespace dms::schedule
