#pragma once

#include <cstddef>
#include <string>

#include "host_session.hpp"
#include "id_pool.hpp"
#include "options.hpp"
#include "report.hpp"
#include "request_loop.hpp"

namespace dms::load {

// The scenarios that run against a live host without restarting it: submit, get and mixed. Each is a
// closed-loop RequestLoop; the host's resident memory is sampled meanwhile (when the driver started it).
class ScenarioRunner {
 public:
    ScenarioRunner(const LoadOptions& options, HostSession& session, Report& report)
        : options_(options), session_(session), report_(report) {
        noop_ids_.set_limit(options.get_ids);
    }

    // N noop submissions over `connections` connections.
    void submit(unsigned connections);
    // GETs cycling over known ids: the preloaded (queued, with position) ones when there are, else noop ones.
    void get(unsigned connections);
    // Submits and GETs at once, each over half of the largest connection count, while workers complete.
    void mixed();

    // Waits (bounded) until no noop task is queued or running, so that one scenario's leftovers do not
    // load the next; notes in the report when it gave up.
    void settle();

    // Ids of queued sleep tasks to GET instead of noop ones (filled by the preloader).
    IdPool& backlog_ids() { return backlog_ids_; }
    double peak_rss_mib() const { return peak_rss_mib_; }
    // Lets a scenario outside this class (drain) fold its own peak in.
    void note_rss_peak(double mib) { peak_rss_mib_ = std::max(peak_rss_mib_, mib); }

    // A loop submitting `count` noop tasks (high priority), offering the ids to `ids` when not null.
    LoopPlan submit_plan(unsigned connections, std::size_t count, IdPool* ids) const;

 private:
    // Runs a loop while sampling the host's memory.
    LoopResult run_sampled(const LoopPlan& plan);
    LoopPlan get_plan(unsigned connections, std::size_t count) const;

    const LoadOptions& options_;
    HostSession& session_;
    Report& report_;
    IdPool noop_ids_{"noop", kUser};
    IdPool backlog_ids_{"sleep", "load-backlog"};
    double peak_rss_mib_ = 0;
};

}  // namespace dms::load
