#include "store/sqlite/ending_rows.hpp"

#include <string>

#include "store/sqlite/task_rows.hpp"

namespace dms::store::sqlite {

void EndingRows::log(std::int64_t seq, task::Timestamp at, std::string_view message) {
    logs_.add({seq, to_micros(at), std::string(message)});
}

void EndingRows::attempt(const TaskState& state, std::string_view outcome, task::Timestamp now,
                         std::string_view error) {
    MultiRowInsert::Value started = nullptr;
    if (state.attempt_started_at) started = *state.attempt_started_at;
    attempts_.add({state.seq, std::int64_t{state.attempts}, state.lease_owner, std::string(outcome), std::move(started),
                   to_micros(now), std::string(error)});
}

void EndingRows::write(Connection& connection) {
    logs_.write(connection);
    attempts_.write(connection);
}

}  // namespace dms::store::sqlite
