#include "store/sqlite/transaction.hpp"

namespace dms::store::sqlite {

Transaction::Transaction(Connection& connection, Kind kind) : connection_(connection) {
    connection_.prepare(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED").run();
}

Transaction::~Transaction() {
    if (!open_) return;
    try {
        connection_.prepare("ROLLBACK").run();
    } catch (...) {
        // SQLite has already rolled back when a statement failed badly (I/O error, full disk); nothing to add.
    }
}

void Transaction::commit() {
    connection_.prepare("COMMIT").run();
    open_ = false;
}

}  // namespace dms::store::sqlite
