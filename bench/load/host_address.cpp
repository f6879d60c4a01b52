#include "host_address.hpp"

#include <stdexcept>

namespace dms::load {

HostAddress HostAddress::parse(const std::string& url) {
    const std::string scheme = "http://";
    if (url.rfind(scheme, 0) != 0) throw std::invalid_argument("--url must start with http:// (got '" + url + "')");
    std::string rest = url.substr(scheme.size());
    HostAddress address;
    auto slash = rest.find('/');
    if (slash != std::string::npos) {
        address.prefix = rest.substr(slash);
        while (!address.prefix.empty() && address.prefix.back() == '/') address.prefix.pop_back();
        if (address.prefix.empty()) address.prefix = "/api/v1";
        rest = rest.substr(0, slash);
    }
    auto colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw std::invalid_argument("--url needs host:port (got '" + url + "')");
    address.host = rest.substr(0, colon);
    int port = 0;
    try {
        port = std::stoi(rest.substr(colon + 1));
    } catch (const std::logic_error&) {
        port = 0;
    }
    if (port <= 0 || port > 65535) throw std::invalid_argument("--url has no valid port (got '" + url + "')");
    address.port = static_cast<std::uint16_t>(port);
    return address;
}

}  // namespace dms::load
