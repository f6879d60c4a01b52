#include "destination_scanner.hpp"

#include <algorithm>

#include "dir_reader.hpp"
#include "path_text.hpp"
#include "temp_file.hpp"
#include "tree_deleter.hpp"

namespace dms::fs {

void DestinationScanner::scan(Plan& local, const std::string& relative, int folder,
                              std::vector<std::string>& source_names) const {
    std::sort(source_names.begin(), source_names.end());
    DirReader reader(folder);
    std::string_view name;
    while (reader.next(name)) {
        if (TempFile::is_temp_name(name)) {
            std::string path = join_path(relative, name);
            if (name.ends_with(own_temp_suffix_) && path != resume_temp_) local.stale_temps.push_back(std::move(path));
            continue;
        }
        if (!delete_extraneous_ || std::binary_search(source_names.begin(), source_names.end(), name)) continue;
        Deletion extra = count_tree(folder, std::string(name), join_path(relative, name));
        if (extra.files == 0 && extra.dirs == 0) continue;  // gone meanwhile
        local.destination_files += extra.files;
        local.remove.add(extra.bytes, extra.files);
        local.dirs_to_remove += extra.dirs;
        local.remove_paths.add(extra.relative);
        local.deletions.push_back(std::move(extra));
    }
}

}  // namespace dms::fs
