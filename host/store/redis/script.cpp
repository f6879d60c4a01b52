#include "store/redis/script.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>

#include "store/store_error.hpp"

namespace dms::store::redis {
namespace {

std::string sha1_hex(const std::string& text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha1(), nullptr) != 1) {
        throw StoreError("redis: cannot compute a script's SHA1");
    }
    std::string hex;
    char pair[3];
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(pair, sizeof(pair), "%02x", digest[i]);
        hex += pair;
    }
    return hex;
}

}  // namespace

Script::Script(std::string name, std::string source)
    : name_(std::move(name)), source_(std::move(source)), sha_(sha1_hex(source_)) {}

void Script::load(Connection& connection) const {
    Reply loaded = connection.call({"SCRIPT", "LOAD", source_});
    if (loaded.text() != sha_) {
        throw StoreError("redis " + connection.address() + ": script " + name_ + " loaded as " + loaded.str() +
                         ", expected " + sha_);
    }
}

Reply Script::run(Connection& connection, const std::vector<std::string>& keys,
                  const std::vector<std::string>& args) const {
    Command command;
    command.reserve(3 + keys.size() + args.size());
    command.push_back("EVALSHA");
    command.push_back(sha_);
    command.push_back(std::to_string(keys.size()));
    command.insert(command.end(), keys.begin(), keys.end());
    command.insert(command.end(), args.begin(), args.end());
    Reply reply = connection.raw(command);
    if (reply.is_error() && reply.text().starts_with("NOSCRIPT")) {
        load(connection);
        reply = connection.raw(command);
    }
    if (reply.is_error()) throw StoreError("redis " + connection.address() + ": script " + name_ + ": " + reply.str());
    return reply;
}

}  // namespace dms::store::redis
