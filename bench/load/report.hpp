#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "request_loop.hpp"

namespace dms::load {

// The figures of a run, in the order they were measured: a table for people, JSON for scripts. Every
// figure carries its unit; errors are kept apart so that a run with any says so loudly.
class Report {
 public:
    void add(const std::string& scenario, const std::string& figure, double value, const std::string& unit);
    // Throughput, latency percentiles and error count of a request loop; `what` names the unit ("tasks").
    void add_loop(const std::string& scenario, LoopResult& result, const std::string& what);
    void add_error(const std::string& scenario, std::size_t count, const std::string& first);
    void add_note(const std::string& note) { notes_.push_back(note); }
    void set_meta(const std::string& key, nlohmann::json value) { meta_[key] = std::move(value); }

    bool has_errors() const { return !errors_.empty(); }
    void print_table(std::ostream& out) const;
    nlohmann::ordered_json to_json() const;

 private:
    struct Figure {
        std::string scenario, figure, unit;
        double value;
    };
    struct Error {
        std::string scenario;
        std::size_t count;
        std::string first;
    };
    std::vector<Figure> figures_;
    std::vector<Error> errors_;
    std::vector<std::string> notes_;
    nlohmann::ordered_json meta_ = nlohmann::ordered_json::object();
};

}  // namespace dms::load
