// Conversions between the C ABI's borrowed strings and C++ string views. Part of the SDK's internals.
#pragma once

#include <string_view>

#include "dms/plugin_abi.h"

namespace dms::sdk::detail {

/// Borrows a view as an ABI string; valid as long as the viewed characters are.
/// @param text the characters to pass across the ABI
/// @return {ptr, len} pointing into `text`
inline dms_type_str to_abi(std::string_view text) noexcept { return dms_type_str{text.data(), text.size()}; }

/// Views an ABI string; a null pointer reads as the empty string.
/// @param text a string received across the ABI
/// @return a view valid as long as the sender's guarantee on `text`
inline std::string_view from_abi(dms_type_str text) noexcept {
    return text.ptr == nullptr ? std::string_view{} : std::string_view{text.ptr, text.len};
}

}  // namespace dms::sdk::detail
