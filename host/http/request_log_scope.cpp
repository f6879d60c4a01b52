#include "http/request_log_scope.hpp"

namespace dms::http {
namespace {

// Read by the formatter on the same thread, inside the synchronous spdlog call the scope surrounds.
thread_local std::string_view current_request_id;

}  // namespace

RequestLogScope::RequestLogScope(std::string_view request_id) : previous_(current_request_id) {
    current_request_id = request_id;
}

RequestLogScope::~RequestLogScope() { current_request_id = previous_; }

std::string_view RequestLogScope::current() { return current_request_id; }

}  // namespace dms::http
