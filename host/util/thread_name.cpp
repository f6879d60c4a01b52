#include "util/thread_name.hpp"

#include <pthread.h>

namespace dms::util {

void name_this_thread(const std::string& name) {
    // The kernel refuses names of 16 bytes or more (ERANGE) instead of cutting them.
    std::string cut = name.substr(0, 15);
    (void)pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace dms::util
