#include "sync_parameters.hpp"

#include <dms/sdk.hpp>

#include "parameter_reader.hpp"

namespace dms::plugins {

nlohmann::json sync_parameter_info() {
    using fs::parameter_info;
    return nlohmann::json::array({
        parameter_info("source", "string", true,
                       "Folder (or file) to mirror. Relative paths are taken inside the first allowed root "
                       "(DMS_SYNC_ALLOWED_ROOTS, default <DMS_DATA_DIR>/files); absolute paths must lie inside an "
                       "allowed root. '..' is refused."),
        parameter_info("destination", "string", true,
                       "The mirror: after the sync it holds what the source holds (like rsync -a source/ "
                       "destination/). Created when missing."),
        parameter_info("delete", "boolean", false,
                       "Also delete what the destination has and the source does not. Nothing is deleted when any "
                       "copy failed, or beyond max_delete, or when the source is empty, unless force_delete.",
                       false),
        parameter_info("dry_run", "boolean", false,
                       "Only compute the plan (what would be copied, replaced, deleted) and return it; touch nothing.",
                       false),
        parameter_info("checksum", "boolean", false,
                       "Compare same-size files by content (xxh3) instead of modification time.", false),
        parameter_info("max_delete", "string", false,
                       "Most deletions allowed: a count (\"100\") or a share of the destination's files (\"10%\", "
                       "rounded up). More fails the task and deletes nothing.",
                       fs::DeleteLimit::kDefault),
        parameter_info("force_delete", "boolean", false,
                       "Lift the deletion guard (max_delete, empty source). A missing source is always refused.",
                       false),
        parameter_info("fail_fast", "boolean", false,
                       "Stop at the first file that fails; by default the others are still copied and the task "
                       "fails at the end.",
                       false),
        parameter_info("parallel", "integer", false, "Folders walked and files copied at once, 1 to 64.", 8),
        parameter_info("fsync", "boolean", false,
                       "Sync each file before renaming it into place, so a power cut never leaves a partial file "
                       "under its final name; needed to resume a large file from an offset.",
                       true),
    });
}

fs::TransferRequest parse_sync_parameters(const nlohmann::json& parameters) {
    const fs::ParameterReader reader(parameters, {"source", "destination", "delete", "dry_run", "checksum",
                                                  "max_delete", "force_delete", "fail_fast", "parallel", "fsync"});
    fs::TransferRequest request;
    request.plugin = "sync";
    request.source = reader.required_text("source");
    request.destination = reader.required_text("destination");
    request.delete_extraneous = reader.boolean("delete", false);
    request.mirror = request.delete_extraneous;
    request.dry_run = reader.boolean("dry_run", false);
    request.compare_content = reader.boolean("checksum", false);
    request.force_delete = reader.boolean("force_delete", false);
    request.fail_fast = reader.boolean("fail_fast", false);
    request.parallel = static_cast<unsigned>(reader.integer("parallel", 8, 1, 64));
    request.fsync = reader.boolean("fsync", true);
    if (const nlohmann::json* limit = reader.find("max_delete"); limit != nullptr && !limit->is_null()) {
        auto parsed = fs::DeleteLimit::parse(*limit);
        if (!parsed) {
            throw sdk::InvalidParameters(
                "parameter 'max_delete' must be a count such as \"100\" or a percentage "
                "such as \"10%\", got " +
                sdk::describe_value(*limit));
        }
        request.max_delete = *parsed;
    }
    return request;
}

}  // namespace dms::plugins
