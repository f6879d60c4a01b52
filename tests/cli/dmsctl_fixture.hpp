#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dmsctl_process.hpp"
#include "support/host_process.hpp"
#include "support/temp_dir.hpp"

namespace dms::test {

// A real dms-host (noop, sleep and the scriptable echo plugin; operator token "test-token") and the
// real dmsctl run against it.
class DmsctlTest : public ::testing::Test {
 protected:
    DmsctlTest();

    std::string api_base() const;

    // dmsctl `args` with DMS_API_BASE pointing at the host, plus `env`.
    DmsctlRun dmsctl(const std::vector<std::string>& args, std::map<std::string, std::string> env = {});

    // The same with --json; the output parsed (fails the test when it is not JSON).
    nlohmann::json dmsctl_json(const std::vector<std::string>& args, std::map<std::string, std::string> env = {});

    // Submits through dmsctl and returns the new task's id.
    std::string submit(const std::string& service, const std::string& user,
                       const std::vector<std::string>& params = {});

    TempDir dir_;
    std::unique_ptr<HostProcess> host_;
};

}  // namespace dms::test
