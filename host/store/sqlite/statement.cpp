#include "store/sqlite/statement.hpp"

#include <sqlite3.h>

#include <string>

#include "store/store_error.hpp"

namespace dms::store::sqlite {

Statement::Statement(sqlite3_stmt* handle) : handle_(handle) {}

Statement::~Statement() {
    sqlite3_reset(handle_);
    sqlite3_clear_bindings(handle_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (int rc = sqlite3_bind_int64(handle_, index, value); rc != SQLITE_OK) fail(rc);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (int rc = sqlite3_bind_double(handle_, index, value); rc != SQLITE_OK) fail(rc);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies the text, so callers may pass temporaries.
    int rc = sqlite3_bind_text64(handle_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(rc);
    return *this;
}

Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    if (int rc = sqlite3_bind_null(handle_, index); rc != SQLITE_OK) fail(rc);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(handle_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(rc);
}

void Statement::run() {
    while (step()) {
    }
}

bool Statement::is_null(int column) const { return sqlite3_column_type(handle_, column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(handle_, column); }

double Statement::real(int column) const { return sqlite3_column_double(handle_, column); }

std::string Statement::text(int column) const { return std::string(text_view(column)); }

std::string_view Statement::text_view(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(handle_, column));
    if (data == nullptr) return {};
    return {data, static_cast<std::size_t>(sqlite3_column_bytes(handle_, column))};
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

void Statement::fail(int code) const {
    sqlite3* db = sqlite3_db_handle(handle_);
    throw StoreError(std::string("sqlite: ") + sqlite3_errstr(code) + ": " + sqlite3_errmsg(db) + " [" +
                     sqlite3_sql(handle_) + "]");
}

}  // namespace dms::store::sqlite
