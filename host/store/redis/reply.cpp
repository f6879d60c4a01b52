#include "store/redis/reply.hpp"

#include <hiredis.h>

#include <charconv>

#include "store/store_error.hpp"

namespace dms::store::redis {

Reply::Reply(redisReply* root) : root_(root, [](redisReply* reply) { freeReplyObject(reply); }), node_(root) {}

bool Reply::is_nil() const { return node_ == nullptr || node_->type == REDIS_REPLY_NIL; }

bool Reply::is_error() const { return node_ != nullptr && node_->type == REDIS_REPLY_ERROR; }

bool Reply::is_array() const { return node_ != nullptr && node_->type == REDIS_REPLY_ARRAY; }

bool Reply::is_integer() const { return node_ != nullptr && node_->type == REDIS_REPLY_INTEGER; }

std::string_view Reply::text() const {
    if (node_ == nullptr) return {};
    switch (node_->type) {
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS:
        case REDIS_REPLY_ERROR:
            return {node_->str, node_->len};
        default:
            return {};
    }
}

std::int64_t Reply::integer() const {
    if (is_integer()) return node_->integer;
    std::string_view digits = text();
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
        throw StoreError("redis: expected a whole number in a reply, got '" + std::string(digits.substr(0, 64)) + "'");
    }
    return value;
}

std::size_t Reply::size() const { return is_array() ? node_->elements : 0; }

Reply Reply::at(std::size_t index) const {
    if (index >= size()) {
        throw StoreError("redis: a reply has " + std::to_string(size()) + " elements, not " +
                         std::to_string(index + 1));
    }
    return Reply(root_, node_->element[index]);
}

}  // namespace dms::store::redis
