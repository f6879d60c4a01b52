#include "plan.hpp"

namespace dms::fs {
namespace {

template <class T>
void append(std::vector<T>& into, std::vector<T>& from) {
    into.insert(into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

void Plan::absorb(Plan&& local) {
    append(groups, local.groups);
    append(dirs, local.dirs);
    append(conflicts, local.conflicts);
    append(deletions, local.deletions);
    append(stale_temps, local.stale_temps);
    append(failures, local.failures);
    create.add(local.create);
    replace.add(local.replace);
    unchanged.add(local.unchanged);
    remove.add(local.remove);
    attribute_updates += local.attribute_updates;
    dirs_to_create += local.dirs_to_create;
    dirs_to_remove += local.dirs_to_remove;
    specials_skipped += local.specials_skipped;
    source_files += local.source_files;
    destination_files += local.destination_files;
    create_paths.add(local.create_paths);
    replace_paths.add(local.replace_paths);
    remove_paths.add(local.remove_paths);
    attribute_paths.add(local.attribute_paths);
    dir_paths.add(local.dir_paths);
}

}  // namespace dms::fs
