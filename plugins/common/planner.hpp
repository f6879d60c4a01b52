#pragma once

#include <sys/stat.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "destination_scanner.hpp"
#include "endpoints.hpp"
#include "entry_comparer.hpp"
#include "plan.hpp"
#include "stop_state.hpp"
#include "transfer_request.hpp"
#include "work_queue.hpp"

namespace dms::fs {

// How the planner decides what to do with an entry.
struct PlanRules {
    Overwrite overwrite = Overwrite::if_different;
    bool compare_content = false;  // same size: compare hashes, not modification times
    HashKind compare_hash = HashKind::xxh3;
    bool owners = false;             // running as root: owners are copied and compared
    bool delete_extraneous = false;  // sync delete=true
    bool scan_destination = false;   // list destination folders: deletions, stale temporary files
    std::string own_temp_suffix;     // this task's temporary files end with it
    std::string resume_temp;         // the temporary file the resume cursor names: not stale
};

// Builds a Plan from a parallel walk: one job per source folder, which lists it once (getdents64),
// fstatat()s each entry on both sides relative to the open folders, and pushes its subfolders as jobs.
// An unchanged tree costs two fstatat calls per file and no allocation per unchanged file.
class Planner {
 public:
    Planner(const Endpoints& endpoints, PlanRules rules, WorkQueue& queue, StopState& stop)
        : endpoints_(endpoints),
          rules_(std::move(rules)),
          comparer_(rules_.owners, rules_.compare_hash),
          scanner_(rules_.delete_extraneous && endpoints.tree, rules_.own_temp_suffix, rules_.resume_temp),
          queue_(queue),
          stop_(stop) {}

    // Starts the walk on the queue (a single entry is planned at once).
    void start();

    // @return the plan, once the queue is idle
    Plan finish();

    // @return entries looked at so far, for progress while planning
    std::uint64_t scanned() const { return scanned_.load(std::memory_order_relaxed); }

 private:
    // The folders above one reached through a followed link: a link back up is a loop.
    struct Ancestry {
        dev_t dev;
        ino_t ino;
        std::shared_ptr<const Ancestry> parent;
    };
    // One source folder to list; its destination counterpart may not exist yet.
    struct DirJob {
        std::string relative;
        bool destination_exists;
        std::shared_ptr<const Ancestry> ancestry;
    };
    // One source entry being planned, with both sides' folders open.
    // Names are views of NUL-terminated text (a getdents64 record or a std::string): usable as C strings.
    struct EntryContext {
        int source_dir;
        int destination_dir;  // -1 when the destination folder does not exist
        const std::string& relative_dir;
        std::string_view source_name;
        std::string_view destination_name;
    };

    // One file or link, planned at once on the calling thread.
    void plan_single_entry();
    void push(DirJob job);
    void scan(const DirJob& job);
    void add_entry(Plan& local, DirGroup& group, const DirJob& job, const EntryContext& entry, struct stat st);
    void add_file(Plan& local, DirGroup& group, const EntryContext& entry, const struct stat& st);
    void add_link(Plan& local, DirGroup& group, const EntryContext& entry, const struct stat& st);
    void add_dir(Plan& local, const DirJob& job, const EntryContext& entry, const struct stat& st);
    // A destination folder where the source has something else: removed first under delete=true, else a
    // failure. @return true when planned for removal
    bool clear_conflict(Plan& local, const EntryContext& entry);
    bool same_content(const EntryContext& entry) const;
    void merge(Plan&& local);

    const Endpoints& endpoints_;
    PlanRules rules_;
    EntryComparer comparer_;
    DestinationScanner scanner_;
    WorkQueue& queue_;
    StopState& stop_;
    std::atomic<std::uint64_t> scanned_{0};
    std::mutex mutex_;
    Plan plan_;
};

}  // namespace dms::fs
