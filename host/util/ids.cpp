#include "util/ids.hpp"

#include <cctype>
#include <chrono>
#include <cstdint>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace dms::util {

std::string new_task_id() {
    // One generator per thread: it is not thread-safe and seeding is costly. Mersenne Twister, seeded from the
    // system's entropy, rather than a getrandom call per id: ids must be unique, not secret (none grants access).
    thread_local boost::uuids::random_generator_mt19937 generator;
    boost::uuids::uuid id = generator();
    // Made a version 7 UUID (RFC 9562; Boost 1.81 has no generator for it): the first 48 bits are the Unix time in
    // milliseconds, so a new id lands at the end of the store's task_id index rather than on a random page of it,
    // one page write per task per commit. 74 random bits remain; the variant bits are already set.
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    for (int i = 0; i < 6; ++i) id.data[i] = static_cast<std::uint8_t>(millis >> (40 - 8 * i));
    id.data[6] = static_cast<std::uint8_t>((id.data[6] & 0x0F) | 0x70);
    return boost::uuids::to_string(id);
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
