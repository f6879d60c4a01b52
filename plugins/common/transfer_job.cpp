#include "transfer_job.hpp"

#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "copy_context.hpp"
#include "plan_executor.hpp"
#include "plan_summary.hpp"
#include "planner.hpp"
#include "temp_file.hpp"

namespace dms::fs {
namespace {

using Clock = std::chrono::steady_clock;

const char* overwrite_name(Overwrite overwrite) {
    switch (overwrite) {
        case Overwrite::never:
            return "never";
        case Overwrite::always:
            return "always";
        case Overwrite::if_different:
            break;
    }
    return "if-different";
}

}  // namespace

std::string TransferJob::describe() const {
    std::string text = request_.plugin + " '" + request_.source + "' -> '" + request_.destination + "' (parallel " +
                       std::to_string(request_.parallel);
    if (request_.plugin == "copy") text += ", overwrite " + std::string(overwrite_name(request_.overwrite));
    if (request_.compare_content) text += ", compare by checksum";
    if (request_.verify != HashKind::none) text += ", verify " + std::string(hash_name(request_.verify));
    if (request_.delete_extraneous) text += ", delete (max_delete " + request_.max_delete.text() + ")";
    if (request_.force_delete) text += ", force_delete";
    if (request_.dry_run) text += ", dry run";
    if (request_.follow_symlinks) text += ", following symbolic links";
    if (!request_.fsync) text += ", no fsync";
    return text + ")";
}

nlohmann::json TransferJob::header(const Endpoints& endpoints) const {
    return {{"source", endpoints.source->absolute(endpoints.source_name)},
            {"destination", endpoints.destination->absolute(endpoints.destination_name)},
            {"kind", endpoints.tree ? "tree" : "file"}};
}

void TransferJob::wait(WorkQueue& queue, StopState& stop, const std::function<void()>& report) {
    auto last = Clock::now();
    while (!queue.wait_for(std::chrono::milliseconds(100))) {
        stop.requested();
        if (Clock::now() - last >= std::chrono::milliseconds(250)) {
            report();
            last = Clock::now();
        }
    }
}

std::string TransferJob::delete_extraneous(PlanExecutor& executor, WorkQueue& queue, StopState& stop,
                                           const TransferReport& report, const std::optional<std::string>& refusal) {
    std::string skipped;
    if (stop.requested()) {
        skipped = "not started: the transfer stopped early";
    } else if (report.failures() > 0) {
        skipped = "skipped: " + std::to_string(report.failures()) + " files failed; nothing was deleted";
    } else if (refusal) {
        skipped = *refusal;
    }
    if (!skipped.empty()) {
        task_.warn("deletions " + skipped);
        return skipped;
    }
    ResumeCursor deleting;  // no file to resume: every copy is done
    deleting.phase = "delete";
    task_.checkpoint(deleting.text());
    executor.start_deletions();
    wait(queue, stop, [&] { task_.progress(0, 0, "bytes", "deleting"); });
    return {};
}

Plan TransferJob::make_plan(const Endpoints& endpoints, WorkQueue& queue, StopState& stop) {
    const auto cursor = ResumeCursor::parse(task_.resume_cursor());
    PlanRules rules;
    rules.overwrite = request_.overwrite;
    rules.compare_content = request_.compare_content;
    rules.compare_hash = request_.compare_hash;
    rules.owners = ::geteuid() == 0;
    rules.delete_extraneous = request_.delete_extraneous;
    rules.scan_destination = request_.delete_extraneous || task_.attempt() > 1 || cursor.has_value();
    rules.own_temp_suffix = TempFile::suffix_for(task_.id());
    if (cursor) rules.resume_temp = cursor->temp;
    Planner planner(endpoints, rules, queue, stop);
    planner.start();
    wait(queue, stop,
         [&] { task_.progress(0, 0, "bytes", "planning: " + std::to_string(planner.scanned()) + " entries scanned"); });
    return planner.finish();
}

void TransferJob::run() {
    const auto started = Clock::now();
    task_.info(describe());
    if (!task_.resume_cursor().empty() && !ResumeCursor::parse(task_.resume_cursor())) {
        task_.warn("ignoring an unreadable resume cursor");
    }
    Endpoints endpoints = EndpointResolver(roots_, request_).resolve();
    StopState stop(task_);
    TransferReport report(task_, stop, request_.fail_fast, request_.verify, !endpoints.tree);
    WorkQueue queue(request_.parallel);
    const Plan plan = make_plan(endpoints, queue, stop);
    for (const PlanFailure& failure : plan.failures) report.failed(failure.path, failure.reason);
    task_.info(plan_line(plan));
    nlohmann::json result = header(endpoints);
    const auto refusal = deletion_refusal(plan, request_, endpoints.source->absolute());
    if (request_.dry_run) {
        result["dry_run"] = true;
        result["plan"] = plan_json(plan, true);
        result["failures"] = report.json()["failures"];
        if (refusal) result["delete_guard"] = "would refuse: " + *refusal;
        task_.set_result(result);
        task_.info("dry run: nothing was changed");
        return;
    }

    ProgressMeter progress;
    progress.set_totals(plan.bytes_to_copy(), plan.create.files + plan.replace.files);
    Checkpointer checkpointer(task_, request_.fsync);
    TouchedDirs touched;
    GroupSync group_sync;
    CopyContext context{task_,
                        endpoints,
                        request_,
                        report,
                        stop,
                        checkpointer,
                        progress,
                        touched,
                        group_sync,
                        TempFile::suffix_for(task_.id()),
                        ResumeCursor::parse(task_.resume_cursor()),
                        ::geteuid() == 0};
    PlanExecutor executor(context, queue, plan);
    report.skipped(plan.unchanged.bytes, plan.unchanged.files);
    const bool started_copies = !stop.requested();
    if (started_copies) {
        executor.prepare(!refusal);
        executor.start_copies();
        wait(queue, stop, [&] { progress.report(task_, "copying"); });
    }
    if (!plan.deletions.empty()) {
        const std::string skipped = delete_extraneous(executor, queue, stop, report, refusal);
        if (!skipped.empty()) result["deletions"] = skipped;
    }
    if (started_copies) {
        executor.finish_directories();
        executor.make_durable();
    }
    progress.report(task_, stop.requested() ? "stopped" : "done");

    result.update(report.json());
    result["plan"] = plan_json(plan, false);
    result["seconds"] = std::chrono::duration<double>(Clock::now() - started).count();
    const std::string summary = std::to_string(report.copied_files()) + " files copied (" +
                                human_bytes(result["copied"]["bytes"].get<std::uint64_t>()) + "), " +
                                std::to_string(plan.unchanged.files) + " unchanged, " +
                                std::to_string(result["deleted"]["files"].get<std::uint64_t>()) + " deleted, " +
                                std::to_string(report.failures()) + " failed";
    if (stop.cancelled()) {
        const std::uint64_t planned = plan.create.files + plan.replace.files;
        const std::uint64_t ended = report.copied_files() + report.failures();
        result["cancelled"] =
            report.cleanup_json(planned > ended ? planned - ended : 0,
                                progress.total_bytes() - std::min(progress.bytes(), progress.total_bytes()));
        task_.set_result(result);
        task_.info("cancelled after " + summary);
        return;
    }
    task_.set_result(result);
    task_.info("summary: " + summary);
    if (report.failures() > 0) {
        throw std::runtime_error(std::to_string(report.failures()) + " of " +
                                 std::to_string(plan.source_files + plan.remove.files) + " files failed" +
                                 (stop.failed_fast() ? " (fail_fast stopped the transfer)" : "") +
                                 "; first: " + report.first_failure());
    }
    if (refusal) throw std::runtime_error(*refusal);
}

}  // namespace dms::fs
