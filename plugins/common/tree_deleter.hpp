#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "plan.hpp"

namespace dms::fs {

// What is below a destination folder, counted without following symbolic links: how much a deletion
// would remove, for the plan and the deletion guard.
Deletion count_tree(int parent_fd, const std::string& name, const std::string& relative);

// Removes a destination entry, and everything below it for a folder, never following a symbolic link and
// never leaving the folder it starts from (every open is beneath its parent, without links).
class TreeDeleter {
 public:
    using OnError = std::function<void(const std::string& relative, int err)>;

    // @param on_error told of each entry that could not be removed; removal goes on with the others
    // @param should_stop polled per entry; true leaves the rest in place
    TreeDeleter(OnError on_error, std::function<bool()> should_stop)
        : on_error_(std::move(on_error)), should_stop_(std::move(should_stop)) {}

    // @param parent_fd the folder holding `name`
    // @param relative the entry's path for messages
    // @return what was removed
    Deletion remove(int parent_fd, const std::string& name, const std::string& relative);

 private:
    void remove_below(int dir_fd, const std::string& relative, Deletion& done);

    OnError on_error_;
    std::function<bool()> should_stop_;
};

}  // namespace dms::fs
