#include "cli/command_line.hpp"

int main(int argc, char** argv) { return dms::cli::CommandLine().run(argc, argv); }
