#pragma once

// The definitions of SqliteStore's transaction templates, shared by the .cpp files that make up the store.
#include <type_traits>

#include "store/sqlite/transaction.hpp"
#include "store/sqlite_store.hpp"

namespace dms::store {

template <class Body>
auto SqliteStore::write(Body&& body, Sync sync) {
    std::lock_guard lock(write_mutex_);
    use_sync(sync);
    queue_changes_.clear();
    delayed_changes_.clear();
    count_deltas_.clear();
    sqlite::Transaction transaction(writer_, sqlite::Transaction::Kind::write);
    if constexpr (std::is_void_v<decltype(body(writer_))>) {
        body(writer_);
        count_deltas_.write(writer_, task::now());
        transaction.commit();
        queue_.apply(queue_changes_);
        delayed_.apply(delayed_changes_);
    } else {
        auto result = body(writer_);
        count_deltas_.write(writer_, task::now());
        transaction.commit();
        queue_.apply(queue_changes_);
        delayed_.apply(delayed_changes_);
        return result;
    }
}

template <class Body>
auto SqliteStore::read(Body&& body) {
    auto reader = readers_.acquire();
    sqlite::Transaction transaction(*reader, sqlite::Transaction::Kind::read);
    auto result = body(*reader);
    transaction.commit();
    return result;
}

}  // namespace dms::store
