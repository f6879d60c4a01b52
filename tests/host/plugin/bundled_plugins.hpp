#pragma once

#include <filesystem>

#include "support/temp_dir.hpp"

namespace dms::plugin::test {

// A plugin directory holding noop and sleep alone, however many more plugins the build bundles; made once.
inline const std::filesystem::path& bundled_noop_and_sleep() {
    static const dms::test::TempDir dir;
    static const bool made = [] {
        for (const char* name : {"libdms_noop.so", "libdms_sleep.so"}) {
            std::filesystem::create_symlink(std::filesystem::path(DMS_BUNDLED_PLUGIN_DIR) / name, dir.path() / name);
        }
        return true;
    }();
    (void)made;
    return dir.path();
}

}  // namespace dms::plugin::test
