#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>

#include "host_address.hpp"
#include "http_connection.hpp"
#include "latency_recorder.hpp"

namespace dms::load {

// One request of a loop, built from its index.
struct RequestSpec {
    boost::beast::http::verb verb = boost::beast::http::verb::get;
    std::string target;
    std::string body;
};

// What a loop sends: `count` requests over `connections` keep-alive connections, stopping early at `max_time`.
// `make` and `on_reply` are called from the io threads, concurrently when `threads` > 1.
struct LoopPlan {
    HostAddress address;
    unsigned connections = 1;
    std::size_t count = 0;
    std::chrono::duration<double> max_time{10};
    unsigned threads = 1;
    std::function<RequestSpec(std::size_t index)> make;
    std::function<void(std::size_t index, const Reply& reply)> on_reply;  // optional; 2xx answers only
};

// What a loop saw: every answer counted by status, transport failures, latencies of the 2xx answers.
struct LoopResult {
    std::size_t sent = 0, ok = 0, non_2xx = 0, failed = 0;
    std::map<unsigned, std::size_t> statuses;
    std::string first_error;  // the first non-2xx answer or transport error, for the report
    double seconds = 0;
    int connects = 0;
    LatencyRecorder latencies;

    double ok_per_second() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
    std::size_t errors() const { return non_2xx + failed; }
};

// A closed-loop load: each connection is a coroutine sending its next request as soon as the last answer
// arrived, so the figures are what the host sustains at that many outstanding requests.
class RequestLoop {
 public:
    explicit RequestLoop(LoopPlan plan) : plan_(std::move(plan)) {}

    // Runs the loop to its end on its own io_context; blocks.
    LoopResult run();

 private:
    // The per-connection share of a result, merged at the end so that recording takes no lock.
    struct Share {
        LoopResult result;
    };
    boost::asio::awaitable<void> drive(Share& share);

    LoopPlan plan_;
    std::atomic<std::size_t> next_{0};
    std::chrono::steady_clock::time_point deadline_;
};

}  // namespace dms::load
