#pragma once

#include <cstddef>

namespace dms::cli {

// What dmsctl's standard output is connected to.
struct Terminal {
    // True when stdout is a terminal: then the progress bar redraws in place.
    static bool stdout_is_terminal();

    // Columns of the terminal on stdout; 80 when unknown.
    static std::size_t stdout_columns();
};

}  // namespace dms::cli
