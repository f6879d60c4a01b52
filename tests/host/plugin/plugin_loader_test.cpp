// Every way a file can fail to become a plugin, one tiny plugin per way: status and message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <dms/plugin_abi.h>

#include "plugin/plugin_registry.hpp"
#include "support/temp_dir.hpp"

namespace dms::plugin {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const fs::path kCases = DMS_TEST_PLUGIN_DIR;

// The one refusal that loading a case's folder produces.
std::string refusal_of(const fs::path& folder) {
    const PluginRegistry registry = PluginRegistry::load_directory(folder);
    EXPECT_EQ(registry.plugin_count(), 0u);
    EXPECT_TRUE(registry.services().empty());
    if (registry.refusals().size() != 1) {
        ADD_FAILURE() << folder << ": expected one refusal, got " << registry.refusals().size();
        return "";
    }
    EXPECT_EQ(registry.refusals()[0].file.parent_path(), folder);
    return registry.refusals()[0].reason;
}

TEST(PluginLoaderTest, RefusesAnotherAbiMajor) {
    EXPECT_EQ(refusal_of(kCases / "bad_major"),
              "plugin 'bad_major' (libdms_bad_major.so) rejected: ABI 2.0, host supports 1.x");
}

TEST(PluginLoaderTest, RefusesANewerMinorAndReleasesIt) {
    dms::test::TempDir temp;
    const fs::path mark = temp.path() / "destroyed";
    ::setenv("DMS_TEST_DESTROY_MARK", mark.c_str(), 1);
    EXPECT_EQ(refusal_of(kCases / "newer_minor"),
              "plugin 'newer_minor' (libdms_newer_minor.so) rejected: ABI 1.99, host supports up to 1.1");
    ::unsetenv("DMS_TEST_DESTROY_MARK");
    EXPECT_TRUE(fs::exists(mark)) << "destroy was not called before unloading";
}

TEST(PluginLoaderTest, RefusesALibraryWithoutTheEntryPoint) {
    EXPECT_EQ(refusal_of(kCases / "no_entry"),
              "plugin 'no_entry' (libdms_no_entry.so) rejected: no entry point 'dms_plugin_init'");
}

TEST(PluginLoaderTest, RefusesAPluginWhoseInitFails) {
    EXPECT_EQ(refusal_of(kCases / "init_fails"),
              "plugin 'init_fails' (libdms_init_fails.so) rejected: init failed: license server unreachable");
}

TEST(PluginLoaderTest, RefusesALibraryTheLoaderCannotLoad) {
    const std::string reason = refusal_of(kCases / "unresolved");
    EXPECT_THAT(reason, StartsWith("plugin 'unresolved' (libdms_unresolved.so) rejected: cannot load: "));
    EXPECT_THAT(reason, HasSubstr("undefined symbol: dms_test_symbol_nobody_defines"));

    dms::test::TempDir temp;
    std::ofstream(temp.path() / "libgarbage.so") << "not an ELF file";
    const std::string garbage = refusal_of(temp.path());
    EXPECT_THAT(garbage, StartsWith("plugin 'garbage' (libgarbage.so) rejected: cannot load: "));
    EXPECT_THAT(garbage, HasSubstr("libgarbage.so"));
}

TEST(PluginLoaderTest, RefusesAnInvalidDescriptionNamingWhatIsWrong) {
    const fs::path folder = kCases / "bad_description";
    const auto refused = [&](const char* name) { return refusal_of(folder / name); };
    EXPECT_EQ(refused("struct_size"),
              "plugin 'bad_description' (libdms_bad_struct_size.so) rejected: "
              "plugin table struct_size changed to 8 (host set " +
                  std::to_string(sizeof(dms_plugin_api)) + ")");
    EXPECT_EQ(refused("no_name"), "plugin 'bad_no_name' (libdms_bad_no_name.so) rejected: no plugin name");
    EXPECT_THAT(refused("no_services"), HasSubstr("rejected: declares no services"));
    EXPECT_THAT(refused("service_name"), HasSubstr("rejected: service name 'Bad Name!' is not [a-z0-9_-]{1,64}"));
    EXPECT_THAT(refused("parameters_json"),
                HasSubstr("rejected: service 'bad_json': parameters_json is not valid JSON"));
    EXPECT_THAT(refused("parameters_not_array"),
                HasSubstr("rejected: service 'not_array': parameters_json is not a JSON array"));
    EXPECT_THAT(refused("service_twice"), HasSubstr("rejected: service 'twice' is declared twice"));
    EXPECT_THAT(refused("no_run"), HasSubstr("rejected: no run hook"));
}

TEST(PluginLoaderTest, RefusesASecondPluginForAServiceTheFirstWins) {
    const PluginRegistry registry = PluginRegistry::load_directory(kCases / "dup");
    EXPECT_EQ(registry.plugin_count(), 1u);
    ASSERT_NE(registry.find("dup"), nullptr);
    EXPECT_EQ(registry.find("dup")->plugin_name, "dup_a");
    ASSERT_EQ(registry.refusals().size(), 1u);
    EXPECT_EQ(registry.refusals()[0].reason,
              "plugin 'dup_b' (libdms_dup_b.so) rejected: service 'dup' is already provided by plugin 'dup_a'");
}

TEST(PluginLoaderTest, IgnoresFilesThatAreNotSharedLibrariesAndLoadsInNameOrder) {
    dms::test::TempDir temp;
    std::ofstream(temp.path() / "README.txt") << "not a plugin";
    std::ofstream(temp.path() / "libdms_noop.so.1") << "versioned name: ignored";
    fs::create_directory(temp.path() / "nested.so");
    // Copied in reverse order: the winner must still be the first by name.
    fs::copy_file(kCases / "dup" / "libdms_dup_b.so", temp.path() / "libdms_dup_b.so");
    fs::copy_file(kCases / "dup" / "libdms_dup_a.so", temp.path() / "libdms_dup_a.so");
    const PluginRegistry registry = PluginRegistry::load_directory(temp.path());
    EXPECT_EQ(registry.plugin_count(), 1u);
    EXPECT_EQ(registry.find("dup")->plugin_name, "dup_a");
    ASSERT_EQ(registry.refusals().size(), 1u);
    EXPECT_EQ(registry.refusals()[0].file.filename(), "libdms_dup_b.so");
}

TEST(PluginLoaderTest, AMissingDirectoryYieldsAnEmptyRegistry) {
    const PluginRegistry registry = PluginRegistry::load_directory(kCases / "no_such_folder");
    EXPECT_EQ(registry.plugin_count(), 0u);
    EXPECT_TRUE(registry.refusals().empty());
    EXPECT_EQ(registry.find("noop"), nullptr);
}

}  // namespace
}  // namespace dms::plugin
