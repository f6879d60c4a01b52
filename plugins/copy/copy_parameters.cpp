#include "copy_parameters.hpp"

#include "parameter_reader.hpp"

namespace dms::plugins {

nlohmann::json copy_parameter_info() {
    using fs::parameter_info;
    return nlohmann::json::array({
        parameter_info("source", "string", true,
                       "File, folder or symbolic link to copy. Relative paths are taken inside the first allowed "
                       "root (DMS_COPY_ALLOWED_ROOTS, default <DMS_DATA_DIR>/files); absolute paths must lie inside "
                       "an allowed root. '..' is refused."),
        parameter_info("destination", "string", true,
                       "Where the copy goes, relative or absolute like source. A folder's contents are copied into "
                       "this folder (created when missing); a file is copied to this path, or into it under its own "
                       "name when it is an existing folder or ends with '/'."),
        parameter_info("overwrite", "string", false,
                       "never | if-different | always: when a destination file that exists is replaced. "
                       "if-different compares size and modification time, or checksums when verify is set.",
                       "if-different"),
        parameter_info("verify", "string", false,
                       "none | xxh3 | sha256: hash each written copy against its source before renaming it into "
                       "place; reported in the result.",
                       "none"),
        parameter_info("follow_symlinks", "boolean", false,
                       "Copy what symbolic links point to instead of the links; links that lead out of the allowed "
                       "root are refused.",
                       false),
        parameter_info("fail_fast", "boolean", false,
                       "Stop at the first file that fails; by default the others are still copied and the task "
                       "fails at the end.",
                       false),
        parameter_info("parallel", "integer", false, "Files copied at once, 1 to 64.", 8),
        parameter_info("fsync", "boolean", false,
                       "Sync each file before renaming it into place, so a power cut never leaves a partial file "
                       "under its final name; needed to resume a large file from an offset.",
                       true),
    });
}

fs::TransferRequest parse_copy_parameters(const nlohmann::json& parameters) {
    const fs::ParameterReader reader(parameters, {"source", "destination", "overwrite", "verify", "follow_symlinks",
                                                  "fail_fast", "parallel", "fsync"});
    fs::TransferRequest request;
    request.plugin = "copy";
    request.source = reader.required_text("source");
    request.destination = reader.required_text("destination");
    const std::string overwrite = reader.choice("overwrite", "if-different", {"never", "if-different", "always"});
    request.overwrite = overwrite == "never"    ? fs::Overwrite::never
                        : overwrite == "always" ? fs::Overwrite::always
                                                : fs::Overwrite::if_different;
    request.verify = *fs::parse_hash(reader.choice("verify", "none", {"none", "xxh3", "sha256"}));
    request.compare_content = request.verify != fs::HashKind::none;
    request.compare_hash = request.compare_content ? request.verify : fs::HashKind::xxh3;
    request.follow_symlinks = reader.boolean("follow_symlinks", false);
    request.fail_fast = reader.boolean("fail_fast", false);
    request.parallel = static_cast<unsigned>(reader.integer("parallel", 8, 1, 64));
    request.fsync = reader.boolean("fsync", true);
    return request;
}

}  // namespace dms::plugins
