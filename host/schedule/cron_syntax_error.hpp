#pragma once

#include <stdexcept>

namespace dms::schedule {

// A cron expression the parser rejects; what() names the field and the token at fault so a user can fix it,
// e.g. "cron field 'minute': 60 is out of range 0-59". An invalid_argument, so API handlers answer 400.
class CronSyntaxError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

}  // namespace dms::schedule
