#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "plugin/run_context.hpp"
#include "task/task.hpp"

namespace dms::plugin::test {

// The host side of one attempt, as the tests need it: remembers every report, cancels on request.
class RecordingContext : public RunContext {
public:
    void log(LogLevel level, std::string_view message) override {
        std::lock_guard lock(mutex_);
        logs_.emplace_back(level, std::string(message));
    }
    void progress(const task::Progress& progress) override {
        std::lock_guard lock(mutex_);
        progress_.push_back(progress);
    }
    bool cancelled() const override { return cancelled_; }
    void checkpoint(std::string_view cursor) override {
        std::lock_guard lock(mutex_);
        checkpoints_.emplace_back(cursor);
    }

    void heartbeat() override { ++heartbeats_; }

    void cancel() { cancelled_ = true; }
    int heartbeats() const { return heartbeats_.load(); }

    std::vector<std::pair<LogLevel, std::string>> logs() const {
        std::lock_guard lock(mutex_);
        return logs_;
    }
    std::vector<task::Progress> progress_reports() const {
        std::lock_guard lock(mutex_);
        return progress_;
    }
    std::vector<std::string> checkpoints() const {
        std::lock_guard lock(mutex_);
        return checkpoints_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::pair<LogLevel, std::string>> logs_;
    std::vector<task::Progress> progress_;
    std::vector<std::string> checkpoints_;
    std::atomic<bool> cancelled_{false};
    std::atomic<int> heartbeats_{0};
};

}  // namespace dms::plugin::test
