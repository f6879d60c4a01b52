#include "check_outcome.hpp"

namespace dms::conformance {
namespace {

constexpr const char* kVerdictNames[] = {"pass", "fail", "skip"};

}  // namespace

nlohmann::json to_json(const CheckOutcome& outcome) {
    return {{"verdict", kVerdictNames[static_cast<int>(outcome.verdict)]},
            {"detail", outcome.detail},
            {"data", outcome.data}};
}

CheckOutcome outcome_from_json(const nlohmann::json& json) {
    const std::string verdict = json.value("verdict", "fail");
    CheckOutcome outcome;
    outcome.verdict = verdict == "pass" ? Verdict::pass : verdict == "skip" ? Verdict::skip : Verdict::fail;
    outcome.detail = json.value("detail", "");
    outcome.data = json.value("data", nlohmann::json::object());
    return outcome;
}

}  // namespace dms::conformance
