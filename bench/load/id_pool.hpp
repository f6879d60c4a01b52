#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace dms::load {

// Ids of tasks the run created, for GETs: a bounded, thread-safe list filled from submissions' Location
// headers, keeping every `stride`-th one so that a sample spreads over the whole queue.
class IdPool {
 public:
    IdPool(std::string service, std::string user) : service_(std::move(service)), user_(std::move(user)) {}

    void set_limit(std::size_t limit, std::size_t stride = 1) {
        limit_ = limit;
        stride_ = stride == 0 ? 1 : stride;
    }

    // Keeps the id of "/api/v1/services/s/tasks/<id>?user_id=u" when the index is on the stride.
    void offer(std::size_t index, const std::string& location);

    const std::vector<std::string>& ids() const { return ids_; }
    const std::string& service() const { return service_; }
    const std::string& user() const { return user_; }

 private:
    std::string service_, user_;
    std::size_t limit_ = 10000, stride_ = 1;
    std::mutex mutex_;
    std::vector<std::string> ids_;
};

}  // namespace dms::load
