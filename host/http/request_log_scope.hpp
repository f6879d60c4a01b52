#pragma once

#include <string_view>

namespace dms::http {

// Marks the log lines written on this thread, while it lives, as caused by one request: the log formatter
// (app/logging.cpp) adds the id to each. Hold it only around synchronous code, never across a co_await: a
// coroutine may resume on another thread, and this thread may serve another request meanwhile.
class RequestLogScope {
public:
    explicit RequestLogScope(std::string_view request_id);
    ~RequestLogScope();
    RequestLogScope(const RequestLogScope&) = delete;
    RequestLogScope& operator=(const RequestLogScope&) = delete;

    // The id of the request this thread logs for now, or empty.
    static std::string_view current();

private:
    std::string_view previous_;
};

}  // namespace dms::http
