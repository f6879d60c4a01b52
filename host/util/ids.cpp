#include "util/ids.hpp"

#include <cctype>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace dms::util {

std::string new_task_id() {
    // One generator per thread: it is not thread-safe and seeding is costly.
    thread_local boost::uuids::random_generator generator;
    return boost::uuids::to_string(generator());
}

bool looks_like_task_id(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        char c = text[i];
        if (dash_position ? c != '-' : !(std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

}  // namespace dms::util
