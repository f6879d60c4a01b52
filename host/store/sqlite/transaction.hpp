#pragma once

#include "store/sqlite/connection.hpp"

namespace dms::store::sqlite {

// A transaction that rolls back unless committed, so an exception anywhere inside leaves the database as it was.
class Transaction {
public:
    // write: takes the write lock at once (BEGIN IMMEDIATE), so a read-then-write never fails half way with
    // SQLITE_BUSY. read: a snapshot (BEGIN DEFERRED) that keeps several reads consistent with each other.
    enum class Kind { read, write };

    Transaction(Connection& connection, Kind kind);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    Connection& connection_;
    bool open_ = true;
};

}  // namespace dms::store::sqlite
