#include "preloader.hpp"

#include <chrono>
#include <iostream>
#include <thread>

#include "rss_sampler.hpp"

namespace dms::load {
namespace {

namespace http = boost::beast::http;
constexpr std::size_t kChunk = 50000;  // progress is printed after each chunk

}  // namespace

void Preloader::run() {
    IdPool& ids = runner_.backlog_ids();
    ids.set_limit(options_.get_ids,
                  std::max<std::size_t>(1, options_.preload / std::max<std::size_t>(1, options_.get_ids)));
    auto started = std::chrono::steady_clock::now();
    std::size_t done = 0, errors = 0;
    std::string first_error;
    while (done < options_.preload) {
        LoopPlan plan;
        plan.address = session_.address();
        plan.connections = 64;
        plan.count = std::min(kChunk, options_.preload - done);
        plan.max_time = std::chrono::hours(1);
        plan.threads = options_.client_threads;
        std::string target = plan.address.tasks_path("sleep", ids.user());
        plan.make = [target](std::size_t) {
            return RequestSpec{http::verb::post, target, R"({"parameters":{"seconds":86400}})"};
        };
        std::size_t offset = done;
        plan.on_reply = [&ids, offset](std::size_t index, const Reply& reply) {
            ids.offer(offset + index, reply.location);
        };
        LoopResult result = RequestLoop(plan).run();
        done += plan.count;
        errors += result.errors();
        if (first_error.empty()) first_error = result.first_error;
        std::cerr << "preload: " << done << " of " << options_.preload << " submitted\n";
        if (result.ok == 0) break;
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report_.add("preload", "submitted", static_cast<double>(done - errors), "tasks");
    report_.add("preload", "throughput", static_cast<double>(done - errors) / seconds, "tasks/s");
    if (errors > 0) report_.add_error("preload", errors, first_error);
    if (!session_.launched()) return;

    session_.stop();
    StartTimes times = session_.start();
    report_.add("startup", "listening with the backlog", times.listening_ms, "ms");
    report_.add("startup", "ready with the backlog", times.ready_ms, "ms");
    session_.park_worker();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    report_.add("memory", "idle with the backlog", RssSampler::current_mib(session_.pid()), "MiB");
    report_.add("memory", "queued in the store", static_cast<double>(session_.stats()["by_status"].value("queued", 0)),
                "tasks");
}

}  // namespace dms::load
