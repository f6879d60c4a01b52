#include "load_submitter.hpp"

#include <map>
#include <optional>

#include "support/http_client.hpp"
#include "support/test_host.hpp"

namespace dms::test {

LoadSubmitter::LoadSubmitter(const HostCluster& cluster, std::filesystem::path journal, int goal, int clients)
    : cluster_(cluster),
      body_(nlohmann::json{{"parameters", {{"journal", journal.string()}, {"ms", 10}}}}.dump()),
      goal_(goal) {
    for (int c = 0; c < clients; ++c) clients_.emplace_back([this, c] { client_loop(c); });
}

LoadSubmitter::~LoadSubmitter() {
    for (auto& client : clients_) {
        if (client.joinable()) client.join();
    }
}

std::vector<std::string> LoadSubmitter::finish() {
    for (auto& client : clients_) client.join();
    std::lock_guard lock(mutex_);
    return accepted_;
}

void LoadSubmitter::client_loop(int client) {
    std::map<std::uint16_t, HttpClient> connections;
    for (std::size_t turn = static_cast<std::size_t>(client);; ++turn) {
        // A claimed slot is given back when its submission fails, so exactly `goal` are accepted in the end.
        if (claimed_.fetch_add(1) >= goal_) return;
        bool accepted = false;
        auto ports = cluster_.live_ports();
        if (!ports.empty()) {
            std::uint16_t port = ports[turn % ports.size()];
            try {
                auto connection = connections.try_emplace(port, port, std::chrono::seconds(5)).first;
                Response response = connection->second.post(tasks_path("journal", "user-" + std::to_string(turn % 5)),
                                                             body_, {{"content-type", "application/json"}});
                if (response.status == 202) {
                    std::lock_guard lock(mutex_);
                    accepted_.push_back(response.json()["task_id"]);
                    accepted = true;
                }
            } catch (const std::exception&) {
                connections.erase(port);  // the host died mid-request, or the connection broke
            }
        }
        if (accepted) {
            ++accepted_count_;
        } else {
            --claimed_;
            // Backing off while no host can take work, as a real client would.
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
}

}  // namespace dms::test
