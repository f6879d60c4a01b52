#pragma once

#include <string>
#include <vector>

#include "store/redis/reply.hpp"
#include "store/template_store.hpp"

// How a template is written in its hash (dms:template:<id>): times in microseconds, absent values as ''.
namespace dms::store::redis::codec {

// Field and value pairs of everything an update replaces: the definition, enabled, next_run_at, updated_at.
std::vector<std::string> template_definition_fields(const Template& source);

// A template from its hash's fields (HGETALL). Throws StoreError when a field is missing or malformed.
Template template_from_fields(const Reply& fields);

}  // namespace dms::store::redis::codec
