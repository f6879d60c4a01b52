#include "request_loop.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace dms::load {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
constexpr int kMaxFailuresInARow = 20;  // a connection gives up after this many transport errors in a row

void note_error(LoopResult& result, const std::string& text) {
    if (result.first_error.empty()) result.first_error = text;
}

}  // namespace

asio::awaitable<void> RequestLoop::drive(Share& share) {
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::endpoint endpoint{asio::ip::make_address(plan_.address.host), plan_.address.port};
    HttpConnection connection(executor, endpoint);
    LoopResult& result = share.result;
    int failures_in_a_row = 0;
    for (;;) {
        std::size_t index = next_.fetch_add(1, std::memory_order_relaxed);
        if (index >= plan_.count || Clock::now() >= deadline_) break;
        RequestSpec spec = plan_.make(index);
        auto started = Clock::now();
        ++result.sent;
        try {
            Reply reply = co_await connection.request(spec.verb, spec.target, spec.body);
            double millis = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
            failures_in_a_row = 0;
            ++result.statuses[reply.status];
            if (reply.status >= 200 && reply.status < 300) {
                ++result.ok;
                result.latencies.record(millis);
                if (plan_.on_reply) plan_.on_reply(index, reply);
            } else {
                ++result.non_2xx;
                note_error(result, std::to_string(reply.status) + " " + reply.body.substr(0, 200));
            }
        } catch (const boost::system::system_error& error) {
            ++result.failed;
            note_error(result, "transport: " + error.code().message());
            if (++failures_in_a_row >= kMaxFailuresInARow) break;
        }
    }
    result.connects = connection.connects();
}

LoopResult RequestLoop::run() {
    asio::io_context io(static_cast<int>(std::max(1u, plan_.threads)));
    std::vector<Share> shares(std::max(1u, plan_.connections));
    auto started = Clock::now();
    deadline_ = started + std::chrono::duration_cast<Clock::duration>(plan_.max_time);
    for (Share& share : shares) {
        asio::co_spawn(asio::make_strand(io), drive(share), [&share](std::exception_ptr failure) {
            if (!failure) return;
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& error) {
                note_error(share.result, std::string("connection ended: ") + error.what());
                ++share.result.failed;
            }
        });
    }
    std::vector<std::thread> extra;
    for (unsigned i = 1; i < plan_.threads; ++i) extra.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : extra) thread.join();

    LoopResult total;
    total.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    for (Share& share : shares) {
        const LoopResult& part = share.result;
        total.sent += part.sent;
        total.ok += part.ok;
        total.non_2xx += part.non_2xx;
        total.failed += part.failed;
        total.connects += part.connects;
        for (const auto& [status, count] : part.statuses) total.statuses[status] += count;
        if (total.first_error.empty()) total.first_error = part.first_error;
        total.latencies.merge(part.latencies);
    }
    return total;
}

}  // namespace dms::load
