#include "rss_sampler.hpp"

#include <fstream>
#include <string>

namespace dms::load {
namespace {

long read_rss_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));  // "VmRSS:	  12345 kB"
    }
    return 0;
}

}  // namespace

RssSampler::RssSampler(pid_t pid, std::chrono::milliseconds every) : pid_(pid), every_(every) {
    thread_ = std::thread([this] {
        while (!stop_.load()) {
            long now = read_rss_kib(pid_);
            long peak = peak_kib_.load();
            while (now > peak && !peak_kib_.compare_exchange_weak(peak, now)) {
            }
            std::this_thread::sleep_for(every_);
        }
    });
}

RssSampler::~RssSampler() {
    stop_ = true;
    thread_.join();
}

double RssSampler::current_mib(pid_t pid) { return static_cast<double>(read_rss_kib(pid)) / 1024.0; }

}  // namespace dms::load
