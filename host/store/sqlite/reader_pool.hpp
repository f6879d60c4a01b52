#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace dms::store::sqlite {

// Read-only connections lent to one caller at a time. With WAL each reader sees its own snapshot, so reads run
// in parallel with each other and never wait behind the writer's commit.
class ReaderPool {
public:
    // Gives a lent connection back to its pool when the lease ends.
    struct Return {
        ReaderPool* pool = nullptr;
        void operator()(Connection* connection) const;
    };
    using Lease = std::unique_ptr<Connection, Return>;

    // Keeps at most `max_idle` connections open between uses; more are opened while many threads read at once.
    ReaderPool(std::filesystem::path file, std::size_t max_idle, FileLocking locking);

    Lease acquire();

private:
    void give_back(Connection* connection);

    std::filesystem::path file_;
    std::size_t max_idle_;
    FileLocking locking_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace dms::store::sqlite
