#pragma once

#include <optional>
#include <string_view>

namespace dms::task {

// Where a task is in its life; see state_machine.hpp for the moves between them.
// retrying: an attempt failed with retries left; the task waits in its queue until its next_run_at.
enum class Status { queued, running, completed, failed, cancelled, retrying };

inline constexpr Status kAllStatuses[] = {Status::queued,  Status::running,   Status::completed,
                                          Status::failed,  Status::cancelled, Status::retrying};

std::string_view to_string(Status status);
std::optional<Status> parse_status(std::string_view text);

// completed, failed and cancelled: nothing moves a task out of these but an operator's retry of a failed one.
bool is_final(Status status);

}  // namespace dms::task
