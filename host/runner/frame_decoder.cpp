#include "runner/frame_decoder.hpp"

#include "util/bounded_json.hpp"

namespace dms::runner {
namespace {

constexpr std::size_t kHeaderBytes = 4;

std::uint32_t read_length(const char* header) {
    const auto byte = [header](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(header[i])); };
    return byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
}

}  // namespace

std::string encode_frame(const nlohmann::json& frame) {
    const std::string text = frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > kMaxFrameBytes) {
        throw MalformedFrame("a frame of " + std::to_string(text.size()) + " bytes is over the limit");
    }
    const auto length = static_cast<std::uint32_t>(text.size());
    std::string wire;
    wire.reserve(kHeaderBytes + text.size());
    for (int shift = 24; shift >= 0; shift -= 8) wire.push_back(static_cast<char>((length >> shift) & 0xff));
    wire += text;
    return wire;
}

void FrameDecoder::feed(std::string_view bytes) {
    // Drop what was consumed before growing, so a long run never holds more than about one frame.
    if (offset_ > 0 && offset_ >= buffer_.size() / 2) {
        buffer_.erase(0, offset_);
        offset_ = 0;
    }
    buffer_.append(bytes);
}

std::optional<nlohmann::json> FrameDecoder::next() {
    if (pending_bytes() < kHeaderBytes) return std::nullopt;
    const std::uint32_t length = read_length(buffer_.data() + offset_);
    if (length > kMaxFrameBytes) throw MalformedFrame("a frame announced " + std::to_string(length) + " bytes");
    if (pending_bytes() < kHeaderBytes + length) return std::nullopt;
    const std::string_view text(buffer_.data() + offset_ + kHeaderBytes, length);
    offset_ += kHeaderBytes + length;
    // Our own frames wrap a task's parameters or result one level down.
    auto frame = util::parse_bounded_json(text, util::kMaxJsonDepth + 2);
    if (!frame || !frame->is_object() || !frame->contains("type") || !(*frame)["type"].is_string()) {
        throw MalformedFrame("a frame that is not a JSON object with a \"type\"");
    }
    return frame;
}

}  // namespace dms::runner
