#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace dms::conformance {

// How one check ended. A skipped check could not run because an earlier one failed; it fails nothing.
enum class Verdict { pass, fail, skip };

// One check's verdict and its reason, plus data a later check needs (it crosses from the forked child).
struct CheckOutcome {
    Verdict verdict = Verdict::fail;
    std::string detail;
    nlohmann::json data = nlohmann::json::object();

    static CheckOutcome pass(std::string detail) {
        return {Verdict::pass, std::move(detail), nlohmann::json::object()};
    }
    static CheckOutcome fail(std::string detail) {
        return {Verdict::fail, std::move(detail), nlohmann::json::object()};
    }
    static CheckOutcome skip(std::string detail) {
        return {Verdict::skip, std::move(detail), nlohmann::json::object()};
    }

    bool passed() const { return verdict == Verdict::pass; }
};

// An outcome as JSON and back: how it crosses the pipe from a check's child process.
nlohmann::json to_json(const CheckOutcome& outcome);
CheckOutcome outcome_from_json(const nlohmann::json& json);

}  // namespace dms::conformance
