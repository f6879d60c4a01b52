#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace dms::test {

// Holds real answers to the OpenAPI document's schemas: the subset of OpenAPI 3.0 schema keywords the
// document uses ($ref, type, nullable, enum, required, properties, additionalProperties, items, minimum,
// maximum). Anything else in a schema is a failure, so the document cannot quietly outgrow the check.
class OpenApiSchema {
 public:
    explicit OpenApiSchema(nlohmann::json document) : document_(std::move(document)) {}

    // The JSON schema of the answer to `method` (lower case) on `path` (as written in the document) with
    // `status` ("200", or "default"); throws when the document has none.
    nlohmann::json response_schema(const std::string& path, const std::string& method, const std::string& status) const;

    // What is wrong with `value` under `schema`, one line each with its JSON pointer; empty when it fits.
    std::vector<std::string> violations(const nlohmann::json& value, const nlohmann::json& schema) const;

    // The object a "#/components/..." reference points to; throws when it does not exist.
    const nlohmann::json& resolve(std::string_view ref) const;

 private:
    void check(const nlohmann::json& value, const nlohmann::json& schema, const std::string& where,
               std::vector<std::string>& out) const;

    nlohmann::json document_;
};

}  // namespace dms::test
