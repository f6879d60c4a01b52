#pragma once

#include <stdexcept>
#include <string>

#include "cli/exit_codes.hpp"

namespace dms::cli {

// A failure dmsctl reports as one line on stderr, ending the run with `exit_code`.
class CliError : public std::runtime_error {
 public:
    explicit CliError(const std::string& message, int exit_code = kExitError)
        : std::runtime_error(message), exit_code_(exit_code) {}

    int exit_code() const { return exit_code_; }

 private:
    int exit_code_;
};

}  // namespace dms::cli
