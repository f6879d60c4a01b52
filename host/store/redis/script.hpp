#pragma once

#include <string>
#include <vector>

#include "store/redis/connection.hpp"
#include "store/redis/reply.hpp"

namespace dms::store::redis {

// A Lua script run by its SHA1 (EVALSHA), so each call sends only its arguments. A server that does not have it
// yet (first use, a restart, SCRIPT FLUSH) answers NOSCRIPT; the script is then sent once with SCRIPT LOAD and run
// again.
class Script {
 public:
    Script(std::string name, std::string source);

    // Runs the script; an error reply (the script's own error, or Redis's) throws StoreError naming the script.
    Reply run(Connection& connection, const std::vector<std::string>& keys, const std::vector<std::string>& args) const;
    void load(Connection& connection) const;

    const std::string& name() const { return name_; }
    const std::string& sha() const { return sha_; }
    const std::string& source() const { return source_; }

 private:
    std::string name_;
    std::string source_;
    std::string sha_;  // hex SHA1 of the source, as Redis computes it
};

}  // namespace dms::store::redis
