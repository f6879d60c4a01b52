#include "cli/task_watcher.hpp"

#include <thread>

#include "cli/exit_codes.hpp"
#include "cli/progress_bar.hpp"
#include "cli/terminal.hpp"

namespace dms::cli {

bool TaskWatcher::finished(std::string_view status) {
    return status == "completed" || status == "failed" || status == "cancelled";
}

int TaskWatcher::exit_code_for(std::string_view status) {
    if (status == "completed") return kExitOk;
    if (status == "cancelled") return kExitTaskCancelled;
    return kExitTaskFailed;
}

int TaskWatcher::watch(std::ostream& out, bool json) const {
    bool terminal = !json && Terminal::stdout_is_terminal();
    ProgressBar bar(out, terminal, terminal ? Terminal::stdout_columns() : 0);
    for (;;) {
        nlohmann::json task = fetch_();
        std::string status = task.value("status", "");
        if (finished(status)) {
            if (json) {
                out << task.dump(2) << '\n';
            } else {
                bar.finish(task);
            }
            return exit_code_for(status);
        }
        if (!json) bar.show(task, ProgressBar::Clock::now());
        std::this_thread::sleep_for(interval_);
    }
}

}  // namespace dms::cli
