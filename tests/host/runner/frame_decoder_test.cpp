// Framing: length-prefixed JSON however the socket splits it, and refusal of what cannot be a frame.
#include <gtest/gtest.h>

#include "runner/frame_decoder.hpp"

namespace dms::runner {
namespace {

std::string with_length(std::uint32_t length, std::string_view body) {
    std::string wire;
    for (int shift = 24; shift >= 0; shift -= 8) wire.push_back(static_cast<char>((length >> shift) & 0xff));
    return wire + std::string(body);
}

TEST(FrameDecoderTest, FramesComeOutWholeWhenFedOneByteAtATime) {
    const nlohmann::json first = {{"type", "log"}, {"message", "héllo"}};
    const nlohmann::json second = {{"type", "heartbeat"}};
    const std::string wire = encode_frame(first) + encode_frame(second);
    FrameDecoder decoder;
    std::vector<nlohmann::json> frames;
    for (char byte : wire) {
        decoder.feed(std::string_view(&byte, 1));
        while (auto frame = decoder.next()) frames.push_back(*frame);
    }
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_EQ(frames[0], first);
    EXPECT_EQ(frames[1], second);
    EXPECT_EQ(decoder.pending_bytes(), 0u);
}

TEST(FrameDecoderTest, TheLengthIsFourBigEndianBytes) {
    const std::string wire = encode_frame({{"type", "x"}});
    EXPECT_EQ(wire, with_length(12, R"({"type":"x"})"));
}

TEST(FrameDecoderTest, InvalidUtf8IsReplacedNotThrownOn) {
    const std::string wire = encode_frame({{"type", "log"},
                                           {"message", std::string("a\xff"
                                                                   "b")}});
    FrameDecoder decoder;
    decoder.feed(wire);
    auto frame = decoder.next();
    ASSERT_TRUE(frame);
    EXPECT_EQ((*frame)["message"],
              "a\xEF\xBF\xBD"
              "b");
}

TEST(FrameDecoderTest, AnAnnouncedLengthOverTheLimitIsMalformedBeforeAnyOfItArrives) {
    FrameDecoder decoder;
    decoder.feed(with_length(static_cast<std::uint32_t>(kMaxFrameBytes + 1), ""));
    EXPECT_THROW(decoder.next(), MalformedFrame);
}

TEST(FrameDecoderTest, AFrameMustBeAJsonObjectWithAType) {
    for (std::string_view body : {"not json", "[1,2]", R"({"no":"type"})", R"({"type":3})"}) {
        FrameDecoder decoder;
        decoder.feed(with_length(static_cast<std::uint32_t>(body.size()), body));
        EXPECT_THROW(decoder.next(), MalformedFrame) << body;
    }
}

TEST(FrameDecoderTest, NestingBeyondTheJsonDepthLimitIsMalformed) {
    const std::string deep = std::string(200, '[') + std::string(200, ']');
    const std::string body = R"({"type":"outcome","result":)" + deep + "}";
    FrameDecoder decoder;
    decoder.feed(with_length(static_cast<std::uint32_t>(body.size()), body));
    EXPECT_THROW(decoder.next(), MalformedFrame);
}

}  // namespace
}  // namespace dms::runner
