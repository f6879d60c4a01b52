#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dms::conformance {

// One submission a careless or hostile user could make: a label for the report and the parameters as JSON
// text (the kit builds deep nesting as text, never as a recursive JSON value).
struct HostileCase {
    std::string label;
    std::string parameters_json;
};

// The submissions every plugin must survive in validate and, when validate refuses them, in run: no
// parameters, values of every wrong type, huge strings, numeric strings out of range, deep nesting,
// non-ASCII text, and JSON that is not an object.
// @param names the service's declared parameters; the cases aim at them (and at `base`'s keys)
// @param base the --params object, which the wrong-typed values are laid over
std::vector<HostileCase> hostile_cases(std::vector<std::string> names, const nlohmann::json& base);

}  // namespace dms::conformance
