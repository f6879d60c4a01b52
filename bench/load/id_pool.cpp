#include "id_pool.hpp"

namespace dms::load {

void IdPool::offer(std::size_t index, const std::string& location) {
    if (index % stride_ != 0) return;
    auto start = location.rfind("/tasks/");
    if (start == std::string::npos) return;
    start += 7;
    auto end = location.find('?', start);
    std::lock_guard lock(mutex_);
    if (ids_.size() >= limit_) return;
    ids_.push_back(location.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

}  // namespace dms::load
