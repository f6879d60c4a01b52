#include "plan_summary.hpp"

#include <cstdio>

namespace dms::fs {
namespace {

// {"files", "bytes"} and, for a dry run, the first paths.
nlohmann::json tally(const Tally& tally, const PathSample& sample, bool with_paths) {
    nlohmann::json out{{"files", tally.files}, {"bytes", tally.bytes}};
    if (with_paths) out["paths"] = sample.paths();
    return out;
}

std::string files(std::uint64_t count) { return std::to_string(count) + (count == 1 ? " file" : " files"); }

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
    return text;
}

nlohmann::json plan_json(const Plan& plan, bool with_paths) {
    nlohmann::json out{
        {"copy", tally(plan.create, plan.create_paths, with_paths)},
        {"replace", tally(plan.replace, plan.replace_paths, with_paths)},
        {"unchanged", {{"files", plan.unchanged.files}, {"bytes", plan.unchanged.bytes}}},
        {"delete", tally(plan.remove, plan.remove_paths, with_paths)},
        {"attributes", {{"files", plan.attribute_updates}}},
        {"directories_to_create", {{"count", plan.dirs_to_create}}},
        {"special_files_skipped", plan.specials_skipped},
    };
    out["delete"]["directories"] = plan.dirs_to_remove;
    if (with_paths) {
        out["attributes"]["paths"] = plan.attribute_paths.paths();
        out["directories_to_create"]["paths"] = plan.dir_paths.paths();
    }
    return out;
}

std::string plan_line(const Plan& plan) {
    std::string line = "plan: " + files(plan.create.files) + " (" + human_bytes(plan.create.bytes) + ") to copy, " +
                       std::to_string(plan.replace.files) + " (" + human_bytes(plan.replace.bytes) + ") to replace, " +
                       std::to_string(plan.unchanged.files) + " unchanged";
    if (plan.remove.files + plan.dirs_to_remove > 0) {
        line += ", " + std::to_string(plan.remove.files) + " to delete";
        if (plan.dirs_to_remove > 0) line += " (and " + std::to_string(plan.dirs_to_remove) + " folders)";
    }
    if (plan.dirs_to_create > 0) line += ", " + std::to_string(plan.dirs_to_create) + " folders to create";
    if (plan.specials_skipped > 0) {
        line += ", " + std::to_string(plan.specials_skipped) + " special files (fifos, sockets, devices) skipped";
    }
    if (!plan.failures.empty()) line += ", " + std::to_string(plan.failures.size()) + " problems";
    return line;
}

std::optional<std::string> deletion_refusal(const Plan& plan, const TransferRequest& request,
                                            const std::string& source_text) {
    const std::uint64_t deletions = plan.remove.files + plan.dirs_to_remove;
    if (!request.delete_extraneous || request.force_delete || deletions == 0) return std::nullopt;
    const bool source_empty = plan.tree && plan.source_files == 0 && plan.dirs.size() <= 1;
    if (source_empty) {
        return "the source '" + source_text + "' is empty: refusing to delete the destination's " +
               files(plan.remove.files) + "; nothing was deleted (pass force_delete=true to mirror an empty source)";
    }
    const std::uint64_t allowed = request.max_delete.allowed(plan.destination_files);
    if (plan.remove.files <= allowed) return std::nullopt;
    return "refusing to delete " + files(plan.remove.files) + " of the destination's " +
           std::to_string(plan.destination_files) + ", more than max_delete " + request.max_delete.text() + " (" +
           std::to_string(allowed) + "); nothing was deleted (raise max_delete or pass force_delete=true)";
}

}  // namespace dms::fs
