#include "sync_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_future.hpp>

namespace dms::load {

namespace asio = boost::asio;

SyncClient::SyncClient(const HostAddress& address, const std::string& token)
    : connection_(io_.get_executor(), asio::ip::tcp::endpoint{asio::ip::make_address(address.host), address.port}) {
    if (!token.empty()) connection_.add_header("X-Operator-Token", token);
}

Reply SyncClient::request(boost::beast::http::verb verb, const std::string& target, const std::string& body) {
    auto answer = asio::co_spawn(io_, connection_.request(verb, target, body), asio::use_future);
    io_.restart();
    io_.run();
    return answer.get();
}

}  // namespace dms::load
