#include "hostile_parameters.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace dms::conformance {
namespace {

// 1 MiB: the host's default largest request body, so the most a user can send.
constexpr std::size_t kHugeString = 1 << 20;
// dms-host refuses bodies nesting deeper than 64 levels, but the ABI promises no limit: this is deep enough to
// break a recursive walk on a small stack, and shallow enough for nlohmann::json's recursive dump() (which
// refusal messages use) on a normal 8 MiB one.
constexpr std::size_t kNestingDepth = 10000;

// `base` with every name in `names` set to `value`, as text.
std::string each_set_to(const std::vector<std::string>& names, const nlohmann::json& base,
                        const nlohmann::json& value) {
    nlohmann::json parameters = base;
    for (const std::string& name : names) parameters[name] = value;
    return parameters.dump();
}

// Every name set to an array nested `kNestingDepth` deep, written as text.
std::string each_deeply_nested(const std::vector<std::string>& names) {
    const std::string nested = std::string(kNestingDepth, '[') + std::string(kNestingDepth, ']');
    std::string text = "{";
    for (const std::string& name : names) {
        text += (text.size() > 1 ? "," : "") + nlohmann::json(name).dump() + ":" + nested;
    }
    return text + "}";
}

}  // namespace

std::vector<HostileCase> hostile_cases(std::vector<std::string> names, const nlohmann::json& base) {
    for (const auto& [key, value] : base.items()) {
        if (std::find(names.begin(), names.end(), key) == names.end()) names.push_back(key);
    }
    if (names.empty()) names.push_back("value");  // a plugin without parameters still gets something to refuse

    std::vector<HostileCase> cases{{"empty object", "{}"}};
    const std::pair<const char*, nlohmann::json> wrong_types[] = {
        {"null", nullptr},
        {"true", true},
        {"0", 0},
        {"-1", -1},
        {"1e308", 1e308},
        {"0.5", 0.5},
        {"18446744073709551615", UINT64_MAX},
        {"\"\"", ""},
        {"[]", nlohmann::json::array()},
        {"{}", nlohmann::json::object()},
    };
    for (const auto& [label, value] : wrong_types) {
        cases.push_back({std::string("every parameter = ") + label, each_set_to(names, base, value)});
    }
    cases.push_back({"numeric strings out of range", each_set_to(names, base, "1e999999")});
    cases.push_back({"negative numeric strings out of range", each_set_to(names, base, "-99999999999999999999999")});
    cases.push_back({"huge strings (1 MiB)", each_set_to(names, base, std::string(kHugeString, 'x'))});
    cases.push_back({"a huge parameter name (1 MiB)", nlohmann::json{{std::string(kHugeString, 'k'), 1}}.dump()});
    cases.push_back({"deeply nested arrays (" + std::to_string(kNestingDepth) + " levels)", each_deeply_nested(names)});
    // A right-to-left override and a NUL inside, as JSON can carry them.
    static constexpr char kNonAscii[] = "Gr\u00fc\u00dfe, \u4e16\u754c \U0001f680 \u202e\0 after a NUL";
    const std::string non_ascii(kNonAscii, sizeof kNonAscii - 1);
    cases.push_back({"non-ASCII text", each_set_to(names, base, non_ascii)});
    cases.push_back({"a non-ASCII parameter name", nlohmann::json{{"param\u00e8tre-\u540d\u524d", "valeur"}}.dump()});
    cases.push_back({"an unknown parameter", each_set_to({"dms_plugin_check_unknown"}, base, "surprise")});
    cases.push_back({"an array instead of an object", "[1,2,3]"});
    cases.push_back({"null instead of an object", "null"});
    cases.push_back({"a string instead of an object", "\"parameters\""});
    return cases;
}

}  // namespace dms::conformance
