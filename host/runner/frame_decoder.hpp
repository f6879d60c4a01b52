#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dms::runner {

// The longest frame either side accepts: a task's parameters or result, with room to spare.
inline constexpr std::size_t kMaxFrameBytes = 64u << 20;

// A frame that cannot be one of ours: too long, not JSON, nested too deep, or not an object with a "type".
class MalformedFrame : public std::runtime_error {
 public:
    using std::runtime_error::runtime_error;
};

// One frame as it goes on the wire: a 4-byte big-endian length, then that many bytes of JSON text.
// Invalid UTF-8 in a string is replaced, never thrown on. Throws MalformedFrame past kMaxFrameBytes.
std::string encode_frame(const nlohmann::json& frame);

// Cuts a byte stream into frames, however the reads split it. Not thread-safe: one reader.
class FrameDecoder {
 public:
    // Appends bytes as read from the socket.
    void feed(std::string_view bytes);

    // The next whole frame, or nothing until more bytes arrive. Throws MalformedFrame.
    std::optional<nlohmann::json> next();

    // Bytes held that do not make a whole frame yet.
    std::size_t pending_bytes() const { return buffer_.size() - offset_; }

 private:
    std::string buffer_;
    std::size_t offset_ = 0;  // start of the first unread frame; compacted lazily
};

}  // namespace dms::runner
