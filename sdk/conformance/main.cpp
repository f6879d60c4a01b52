#include "command_line.hpp"

int main(int argc, char** argv) { return dms::conformance::run_command_line(argc, argv); }
