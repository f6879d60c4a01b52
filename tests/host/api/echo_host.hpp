// A test host with the echo test plugin and noop, quick retries, and the test's own settings on top.
#pragma once

#include "support/test_host.hpp"

namespace dms::test {

inline TestHost::Adjust with_echo(const TestHost::Adjust& adjust = {}) {
    return [adjust](config::Config& config, const std::filesystem::path& root) {
        config.plugin_dir = make_plugin_dir(root / "plugins", {test_plugin("echo", "echo"), bundled_plugin("noop")});
        config.retry_base_seconds = 0.05;
        config.retry_cap_seconds = 0.2;
        if (adjust) adjust(config, root);
    };
}

}  // namespace dms::test
