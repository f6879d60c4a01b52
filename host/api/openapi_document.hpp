#pragma once

#include <string_view>

namespace dms::api {

// host/api/openapi.json as it was at build time (embedded by dms_embed_text in host/CMakeLists.txt):
// the OpenAPI 3 document of the whole API, with the default prefix as its server URL.
std::string_view openapi_document();

}  // namespace dms::api
