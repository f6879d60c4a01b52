// Bytes as the JSON the host takes from outside: util::parse_bounded_json (request bodies, plugin results),
// a submission's body (api::parse_submission, parse_priority_body), the copy and sync plugins' parameter
// parsing of what a submission accepted, and the runner's frames (runner/frame_decoder.cpp), whole and as
// a raw stream. Invariants: no crash or leak; the depth bound holds exactly as nlohmann's own parse measures
// it; what is accepted dumps and parses back equal; each parser throws only its documented refusal.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <dms/sdk.hpp>
#include <nlohmann/json.hpp>

#include "api/request_parsing.hpp"
#include "copy_parameters.hpp"
#include "fuzz_check.hpp"
#include "http/api_error.hpp"
#include "http/request_context.hpp"
#include "runner/frame_decoder.hpp"
#include "sync_parameters.hpp"
#include "util/bounded_json.hpp"

namespace {

using namespace dms;

// nlohmann's destructor and comparison recurse: past this size the unbounded oracle parse is not run.
constexpr std::size_t kLargestOracleInput = 64 * 1024;

// Containers nested around the deepest value: 0 for a scalar, 1 for [] or {}.
int nesting(const nlohmann::json& value) {
    if (!value.is_structured()) return 0;
    int deepest = 0;
    for (const auto& child : value) deepest = std::max(deepest, nesting(child));
    return deepest + 1;
}

void check_bounded_parse(std::string_view text) {
    auto bounded = util::parse_bounded_json(text);
    if (text.size() <= kLargestOracleInput) {
        auto whole = nlohmann::json::parse(text, nullptr, false);
        bool acceptable = !whole.is_discarded() && nesting(whole) <= util::kMaxJsonDepth;
        fuzz::require(bounded.has_value() == acceptable, "parse_bounded_json disagrees with the depth bound");
        if (bounded) fuzz::require(*bounded == whole, "parse_bounded_json returned another value");
    }
    if (!bounded) return;
    // The parser accepts only valid UTF-8, so the strict dump must not throw, and must read back the same.
    auto again = util::parse_bounded_json(bounded->dump());
    fuzz::require(again.has_value() && *again == *bounded, "an accepted value does not survive dump and parse");
}

// The body of POST /services/copy/users/alice/tasks and of PUT /admin/tasks/{id}/priority.
void check_submission_body(std::string_view text) {
    http::Request request{http::Verb::post, "/", 11};
    request.body() = std::string(text);
    const http::RequestContext context(request, {{"service", "copy"}, {"user_id", "alice"}}, {});
    try {
        api::parse_priority_body(context);
    } catch (const http::ApiError&) {
    }
    service::SubmitRequest submission;
    try {
        submission = api::parse_submission(context);
    } catch (const http::ApiError&) {
        return;
    }
    fuzz::require(submission.parameters.is_object(), "a submission's parameters are not an object");
    // What validate() of the copy and sync plugins parses first; a refusal is their 422.
    for (auto parse : {plugins::parse_copy_parameters, plugins::parse_sync_parameters}) {
        try {
            parse(submission.parameters);
        } catch (const sdk::InvalidParameters&) {
        }
    }
}

// Every frame the decoder yields is an object with a string "type" that encodes back to the same frame.
void drain(runner::FrameDecoder& decoder) {
    for (;;) {
        std::optional<nlohmann::json> frame;
        try {
            frame = decoder.next();
        } catch (const runner::MalformedFrame&) {
            return;  // the host ends such a runner
        }
        if (!frame) return;
        fuzz::require(frame->is_object() && frame->contains("type") && (*frame)["type"].is_string(),
                      "a frame without a string type was accepted");
        runner::FrameDecoder again;
        again.feed(runner::encode_frame(*frame));
        auto decoded = again.next();
        fuzz::require(decoded.has_value() && *decoded == *frame, "a frame does not survive encode and decode");
    }
}

void check_frames(std::string_view text) {
    // The text as one well-formed frame, split where its first byte says: reads may cut anywhere.
    std::string wire;
    const auto length = static_cast<std::uint32_t>(text.size());
    for (int shift = 24; shift >= 0; shift -= 8) wire.push_back(static_cast<char>((length >> shift) & 0xff));
    wire += text;
    const std::size_t cut = text.empty() ? 0 : static_cast<unsigned char>(text[0]) % wire.size();
    runner::FrameDecoder framed;
    framed.feed(std::string_view(wire).substr(0, cut));
    drain(framed);
    framed.feed(std::string_view(wire).substr(cut));
    drain(framed);
    // The bytes as a raw stream from a runner gone wrong.
    runner::FrameDecoder raw;
    raw.feed(text);
    drain(raw);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_bounded_parse(text);
    check_submission_body(text);
    check_frames(text);
    return 0;
}
