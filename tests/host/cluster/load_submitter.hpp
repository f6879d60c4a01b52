#pragma once

#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "host_cluster.hpp"

namespace dms::test {

// Clients submitting journal tasks to whichever hosts of a cluster are up, round robin, until `goal` submissions
// were accepted. A submission that fails (host killed, store down) promised nothing and is simply not counted.
class LoadSubmitter {
public:
    LoadSubmitter(const HostCluster& cluster, std::filesystem::path journal, int goal, int clients);
    ~LoadSubmitter();

    // Submissions answered 202 so far.
    int accepted_count() const { return accepted_count_.load(); }
    // Waits for every client to reach the goal; then the ids of every accepted task.
    std::vector<std::string> finish();

private:
    void client_loop(int client);

    const HostCluster& cluster_;
    std::string body_;
    int goal_;
    std::atomic<int> accepted_count_{0};
    std::atomic<int> claimed_{0};
    std::mutex mutex_;
    std::vector<std::string> accepted_;
    std::vector<std::thread> clients_;
};

}  // namespace dms::test
