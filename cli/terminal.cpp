#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

namespace dms::cli {

bool Terminal::stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

std::size_t Terminal::stdout_columns() {
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

}  // namespace dms::cli
