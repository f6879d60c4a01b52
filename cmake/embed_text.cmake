# Script mode (cmake -P): writes OUTPUT, a C++ source defining `std::string_view NAMESPACE::FUNCTION()`
# that returns the bytes of INPUT. Run by dms_embed_text() at build time.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
# "7b0a" -> "0x7b,0x0a," and a line break every 16 bytes, to keep the generated file readable.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REPEAT "0x[0-9a-f][0-9a-f]," 16 line_of_bytes)
string(REGEX REPLACE "(${line_of_bytes})" "\\1\n    " bytes "${bytes}")
get_filename_component(name ${INPUT} NAME)
file(WRITE ${OUTPUT}
"// Generated at build time from ${name} by cmake/embed_text.cmake; do not edit.
#include <string_view>

namespace ${NAMESPACE} {
namespace {

constexpr char kBytes[${size} + 1] = {
    ${bytes}0x00};

}  // namespace

std::string_view ${FUNCTION}() { return {kBytes, ${size}}; }

}  // namespace ${NAMESPACE}
")
