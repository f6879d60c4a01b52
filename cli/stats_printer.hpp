#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace dms::cli {

// /admin/stats as people read it: counts by status with the queues by priority, a table per service,
// and the event totals.
class StatsPrinter {
 public:
    explicit StatsPrinter(std::ostream& out) : out_(out) {}

    void print(const nlohmann::json& stats) const;

 private:
    std::ostream& out_;
};

}  // namespace dms::cli
