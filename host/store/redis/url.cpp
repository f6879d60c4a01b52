#include "store/redis/url.hpp"

#include <charconv>
#include <stdexcept>

#include <boost/url/parse.hpp>

namespace dms::store::redis {

std::string Url::address() const { return host + ":" + std::to_string(port); }

Url parse_url(std::string_view text) {
    auto parsed = boost::urls::parse_uri(text);
    // The message quotes no part of the URL: it may carry a password.
    if (!parsed) throw std::invalid_argument("not a URL of the form redis://[:password@]host[:port][/db]");
    const boost::urls::url_view& view = *parsed;
    if (view.scheme() != "redis") {
        throw std::invalid_argument("a Redis URL must start with redis:// (TLS, rediss://, is not supported)");
    }
    Url url;
    url.host = view.host_address();
    if (url.host.empty()) throw std::invalid_argument("a Redis URL needs a host, e.g. redis://127.0.0.1:6379/0");
    if (view.has_port()) {
        // port_number() wraps a number past 65535, so read the digits themselves.
        std::string_view digits = view.port();
        unsigned port = 0;
        auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (error != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535) {
            throw std::invalid_argument("a Redis URL needs a port from 1 to 65535");
        }
        url.port = static_cast<std::uint16_t>(port);
    }
    if (view.has_userinfo()) {
        url.user = view.user();
        if (view.has_password()) url.password = view.password();
        if (url.password.empty() && !url.user.empty()) {
            throw std::invalid_argument("a Redis URL with a user needs its password: redis://user:password@host");
        }
    }
    std::string path = view.path();
    if (!path.empty() && path != "/") {
        std::string_view number = std::string_view(path).substr(1);
        auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), url.db);
        if (path.front() != '/' || error != std::errc() || end != number.data() + number.size() || url.db < 0) {
            throw std::invalid_argument("the path of a Redis URL is the database number, e.g. /0, not '" + path + "'");
        }
    }
    if (view.has_query() || view.has_fragment()) {
        throw std::invalid_argument("a Redis URL takes no query or fragment: redis://[:password@]host[:port][/db]");
    }
    return url;
}

}  // namespace dms::store::redis
