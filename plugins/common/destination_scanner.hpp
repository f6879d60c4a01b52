#pragma once

#include <string>
#include <vector>

#include "plan.hpp"

namespace dms::fs {

// Lists one destination folder for what the plan needs besides the source's entries: what the source does
// not have (deletions, for sync delete=true) and this task's temporary files left by an earlier attempt.
class DestinationScanner {
 public:
    // @param delete_extraneous plan deletions (only for a tree: a single entry deletes nothing)
    // @param own_temp_suffix this task's temporary files end with it
    // @param resume_temp the temporary file the resume cursor names, which is kept
    DestinationScanner(bool delete_extraneous, std::string own_temp_suffix, std::string resume_temp)
        : delete_extraneous_(delete_extraneous),
          own_temp_suffix_(std::move(own_temp_suffix)),
          resume_temp_(std::move(resume_temp)) {}

    // @param relative the folder, relative to the destination base
    // @param folder it, open for reading
    // @param source_names the source folder's entry names; sorted here
    void scan(Plan& local, const std::string& relative, int folder, std::vector<std::string>& source_names) const;

 private:
    bool delete_extraneous_;
    std::string own_temp_suffix_;
    std::string resume_temp_;
};

}  // namespace dms::fs
