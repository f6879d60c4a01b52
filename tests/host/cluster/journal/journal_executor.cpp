#include "journal_executor.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

namespace dms::test_plugins {
namespace {

using Clock = std::chrono::steady_clock;
constexpr long long kMostMilliseconds = 60'000;

std::string journal_path(const nlohmann::json& parameters) {
    if (!parameters.contains("journal") || !parameters.at("journal").is_string() ||
        parameters.at("journal").get<std::string>().empty() || parameters.at("journal").get<std::string>()[0] != '/') {
        throw sdk::InvalidParameters("parameter 'journal' must be an absolute path");
    }
    return parameters.at("journal").get<std::string>();
}

long long milliseconds(const nlohmann::json& parameters) {
    if (!parameters.contains("ms") || !parameters.at("ms").is_number_integer()) {
        throw sdk::InvalidParameters("parameter 'ms' must be a whole number of milliseconds");
    }
    const auto ms = parameters.at("ms").get<long long>();
    if (ms < 0 || ms > kMostMilliseconds) throw sdk::InvalidParameters("parameter 'ms' must be from 0 to 60000");
    return ms;
}

// One line in one write() to a file opened with O_APPEND: lines of concurrent writers, in any process, never mix.
void journal(const std::string& path, const char* event, const sdk::Task& task) {
    const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
    const std::string line = std::string(event) + " " + std::string(task.id()) + " " + std::to_string(task.attempt()) +
                             " " + std::to_string(getpid()) + " " + std::to_string(now) + "\n";
    const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot open the journal " + path);
    const auto written = write(fd, line.data(), line.size());
    close(fd);
    if (written != static_cast<ssize_t>(line.size())) throw std::runtime_error("cannot write the journal " + path);
}

}  // namespace

sdk::PluginInfo JournalExecutor::info() {
    const nlohmann::json parameters = nlohmann::json::array({
        {{"name", "journal"}, {"type", "string"}, {"required", true}, {"description", "Absolute path of the journal."}},
        {{"name", "ms"}, {"type", "integer"}, {"required", true}, {"description", "How long to sleep, 0 to 60000."}},
    });
    return {"journal",
            "1.0.0",
            "Sleeps and journals each attempt's start and end: the multi-host tests' witness.",
            {{"journal", "Journals its start, sleeps `ms` milliseconds honouring cancel, journals its end.",
              parameters}}};
}

void JournalExecutor::validate(std::string_view, const nlohmann::json& parameters) {
    journal_path(parameters);
    milliseconds(parameters);
}

void JournalExecutor::run(sdk::Task& task) {
    const std::string path = journal_path(task.parameters());
    const auto deadline = Clock::now() + std::chrono::milliseconds(milliseconds(task.parameters()));
    journal(path, "start", task);
    while (Clock::now() < deadline && !task.cancelled()) {
        std::this_thread::sleep_for(std::min<Clock::duration>(deadline - Clock::now(), std::chrono::milliseconds(5)));
    }
    journal(path, "end", task);
    task.throw_if_cancelled();
    task.set_result({{"slept_ms", milliseconds(task.parameters())}});
}

}  // namespace dms::test_plugins
