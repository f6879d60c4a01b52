#pragma once

#include <optional>
#include <string_view>

namespace dms::task {

// Where a task is in its life; see state_machine.hpp for the moves between them.
// retrying: an attempt failed with retries left; the task waits in its queue until its next_run_at.
// scheduled: submitted with a run_at still ahead; the task enters its queue at that time (next_run_at).
enum class Status { queued, running, completed, failed, cancelled, retrying, scheduled };

inline constexpr Status kAllStatuses[] = {Status::queued,    Status::running,  Status::completed, Status::failed,
                                          Status::cancelled, Status::retrying, Status::scheduled};

// retrying and scheduled: the task waits for its not_before before any attempt may start.
bool waits_for_time(Status status);

std::string_view to_string(Status status);
std::optional<Status> parse_status(std::string_view text);

// completed, failed and cancelled: nothing moves a task out of these but an operator's retry of a failed one.
bool is_final(Status status);

}  // namespace dms::task
