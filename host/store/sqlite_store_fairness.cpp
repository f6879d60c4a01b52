// SqliteStore's paused services and running caps: what a lease may take beyond queue order.
#include <algorithm>
#include <mutex>
#include <set>

#include "store/sqlite/fairness_queries.hpp"
#include "store/sqlite_store.hpp"
#include "store/sqlite_store_transactions.hpp"

namespace dms::store {

using sqlite::Connection;

namespace {

// How many queued tasks of one service a lease looks at past users at their cap; tasks behind more than this many
// of capped users' wait for a later lease (the cost of a lease stays bounded).
constexpr std::size_t kMaxPassedOver = 10000;
constexpr std::size_t kPageSize = 64;

// The first `most` keys of one service whose users are under `per_user`, counting those already running.
std::vector<QueueKey> heads_under_user_cap(Connection& db, const QueueIndex& queue, const std::string& service,
                                           std::size_t most, std::size_t per_user) {
    std::vector<QueueKey> keys;
    auto running = sqlite::running_by_user(db, service);
    std::size_t passed_over = 0;
    for (std::size_t from = 0; keys.size() < most && passed_over < kMaxPassedOver; from += kPageSize) {
        auto page = queue.page(service, from, kPageSize);
        if (page.empty()) break;
        for (QueueKey key : page) {
            std::int64_t& taken = running[sqlite::user_of(db, key.seq)];
            if (taken >= static_cast<std::int64_t>(per_user)) {
                ++passed_over;
                continue;
            }
            ++taken;
            keys.push_back(key);
            if (keys.size() == most) break;
        }
    }
    return keys;
}

}  // namespace

std::vector<std::string> SqliteStore::paused_services() {
    std::lock_guard lock(blocks_mutex_);
    return paused_;
}

void SqliteStore::set_service_paused(std::string_view service, bool paused) {
    std::lock_guard lock(write_mutex_);
    use_sync(Sync::full);
    sqlite::write_service_paused(writer_, service, paused);
    refresh_paused();
}

void SqliteStore::refresh_paused() {
    auto now = sqlite::read_paused_services(writer_);
    std::lock_guard lock(blocks_mutex_);
    paused_ = std::move(now);
}

RunningCount SqliteStore::running_count(std::string_view service, std::string_view user_id) {
    return read([&](Connection& db) {
        auto by_user = sqlite::running_by_user(db, service);
        auto user = by_user.find(user_id);
        return RunningCount{sqlite::running_in_service(db, service), user == by_user.end() ? 0 : user->second};
    });
}

LeaseRequest SqliteStore::without_paused(const LeaseRequest& request) {
    LeaseRequest open = request;
    std::lock_guard lock(blocks_mutex_);
    if (paused_.empty()) return open;
    std::erase_if(open.services, [&](const std::string& service) {
        return std::binary_search(paused_.begin(), paused_.end(), service);
    });
    return open;
}

std::vector<QueueChange> SqliteStore::with_fair_keys(Connection& db, std::vector<QueueChange> due) {
    for (QueueChange& change : due) {
        if (change.key.fair_key != 0) continue;  // a retrying task keeps its place
        std::string user = sqlite::user_of(db, change.key.seq);
        change.key.fair_key = fair_clock_.next_key(change.key.priority, user, fair_shares_.step(user));
        sqlite::write_due_fair_key(db, change.key.seq, change.key.fair_key);
    }
    return due;
}

std::vector<QueueKey> SqliteStore::overdue_heads(Connection& db, LeaseRequest& request, std::size_t max) {
    std::vector<QueueKey> overdue;
    std::set<std::string_view> seen;
    for (const std::string& service : request.services) {
        // Services with running caps keep plain queue order: the caps walk it user by user.
        if (request.running_caps.contains(service) || !seen.insert(service).second) continue;
        auto batch_cap = request.most_per_service.find(service);
        std::size_t most = batch_cap == request.most_per_service.end() ? max : std::min(max, batch_cap->second);
        std::size_t taken = 0;
        for (const auto& [priority, bound] : request.max_wait) {
            auto cutoff = request.now - bound;
            // The service's front of this priority, in queue order, as far as it has outwaited the bound.
            for (QueueKey key : queue_.priority_heads(std::span(&service, 1), static_cast<int>(priority), most - taken)) {
                if (sqlite::waiting_since(db, key.seq) > cutoff) break;
                overdue.push_back(key);
                ++taken;
            }
        }
        // The rest of the batch takes no more of this service than its cap allows.
        if (taken > 0 && batch_cap != request.most_per_service.end()) batch_cap->second -= taken;
        if (taken > 0 && batch_cap == request.most_per_service.end()) request.most_per_service[service] = max - taken;
    }
    // Lowest priority first (it has waited behind the most), then queue order.
    std::sort(overdue.begin(), overdue.end(), [](QueueKey a, QueueKey b) {
        return a.priority != b.priority ? a.priority > b.priority : a < b;
    });
    if (overdue.size() > max) overdue.resize(max);
    return overdue;
}

std::vector<QueueKey> SqliteStore::lease_heads(Connection& db, const LeaseRequest& asked, std::size_t max) {
    if (asked.max_wait.empty()) return heads_in_order(db, asked, max);
    LeaseRequest request = asked;
    auto keys = overdue_heads(db, request, max);
    std::set<std::int64_t> taken;
    for (QueueKey key : keys) taken.insert(key.seq);
    for (QueueKey key : heads_in_order(db, request, max)) {
        if (keys.size() >= max) break;
        if (!taken.contains(key.seq)) keys.push_back(key);
    }
    return keys;
}

std::vector<QueueKey> SqliteStore::heads_in_order(Connection& db, const LeaseRequest& request, std::size_t max) {
    if (request.running_caps.empty()) return queue_.heads(request.services, request.most_per_service, max);
    std::vector<std::string> uncapped;
    std::vector<QueueKey> keys;
    std::set<std::string_view> seen;
    for (const std::string& service : request.services) {
        auto caps = request.running_caps.find(service);
        if (caps == request.running_caps.end()) {
            uncapped.push_back(service);
            continue;
        }
        if (!seen.insert(service).second) continue;  // a service named twice is read once
        std::size_t most = max;
        if (auto batch = request.most_per_service.find(service); batch != request.most_per_service.end()) {
            most = std::min(most, batch->second);
        }
        if (caps->second.service > 0) {
            auto running = static_cast<std::size_t>(sqlite::running_in_service(db, service));
            most = std::min(most, caps->second.service > running ? caps->second.service - running : 0);
        }
        if (most == 0) continue;
        auto taken = caps->second.per_user > 0 ? heads_under_user_cap(db, queue_, service, most, caps->second.per_user)
                                               : queue_.page(service, 0, most);
        keys.insert(keys.end(), taken.begin(), taken.end());
    }
    auto rest = queue_.heads(uncapped, request.most_per_service, max);
    keys.insert(keys.end(), rest.begin(), rest.end());
    std::sort(keys.begin(), keys.end());
    if (keys.size() > max) keys.resize(max);
    return keys;
}

}  // namespace dms::store
