// A plugin exports exactly one symbol, dms_plugin_init: what dms_add_plugin promises, checked with nm -D.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// The names of the dynamic symbols `library` defines, as nm -D --defined-only lists them.
std::vector<std::string> exported_symbols(const fs::path& library) {
    const std::string command = "nm -D --defined-only '" + library.string() + "' 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run nm");
    std::string output;
    std::array<char, 512> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
    if (::pclose(pipe) != 0) throw std::runtime_error("nm failed: " + output);
    std::vector<std::string> names;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        const auto space = line.rfind(' ');
        if (!line.empty()) names.push_back(space == std::string::npos ? line : line.substr(space + 1));
    }
    return names;
}

TEST(PluginExportsTest, EachPluginExportsOnlyItsEntryPoint) {
    const fs::path bundled = DMS_BUNDLED_PLUGIN_DIR;
    const fs::path cases = DMS_TEST_PLUGIN_DIR;
    for (const fs::path& library :
         {bundled / "libdms_noop.so", bundled / "libdms_sleep.so", cases / "echo" / "libdms_echo.so",
          cases / "throws" / "libdms_throws.so", cases / "nonsense" / "libdms_nonsense.so"}) {
        ASSERT_TRUE(fs::exists(library)) << library;
        EXPECT_EQ(exported_symbols(library), std::vector<std::string>{"dms_plugin_init"}) << library;
    }
}

}  // namespace
