#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace dms::store::sqlite {

// One use of a prepared statement that its Connection caches: binds, steps and reads columns, then resets and
// clears the bindings on destruction so the statement never holds a read snapshot open between uses.
class Statement {
public:
    explicit Statement(sqlite3_stmt* handle);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are numbered from 1, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, std::optional<std::int64_t> value);
    Statement& bind_null(int index);

    // Advances to the next row: true when there is one, false when the statement is done.
    bool step();
    // Runs a statement that returns no rows (or ignores them) to completion.
    void run();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    // The column's text without a copy: valid until the next step, reset or column call on this statement.
    std::string_view text_view(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;

private:
    [[noreturn]] void fail(int code) const;

    sqlite3_stmt* handle_;
};

}  // namespace dms::store::sqlite
