#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct redisReply;

namespace dms::store::redis {

// One reply from Redis, or one element of an array reply. Owns the whole reply tree (freed with the last Reply that
// refers into it), so elements can be handed around on their own.
class Reply {
 public:
    Reply() = default;
    // Takes ownership of a reply that hiredis returned.
    explicit Reply(redisReply* root);

    bool is_nil() const;
    bool is_error() const;
    bool is_array() const;
    bool is_integer() const;
    // Status, string and error replies: the text. Empty otherwise.
    std::string_view text() const;
    std::string str() const { return std::string(text()); }
    // An integer reply, or a string reply holding a whole number. Throws StoreError otherwise.
    std::int64_t integer() const;
    std::size_t size() const;           // elements of an array reply, 0 otherwise
    Reply at(std::size_t index) const;  // throws StoreError when out of range

 private:
    Reply(std::shared_ptr<redisReply> root, const redisReply* node) : root_(std::move(root)), node_(node) {}

    std::shared_ptr<redisReply> root_;
    const redisReply* node_ = nullptr;
};

}  // namespace dms::store::redis
