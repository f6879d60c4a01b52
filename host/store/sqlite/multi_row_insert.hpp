#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace dms::store::sqlite {

// Rows for one table, inserted together by multi-row INSERT statements: a statement's fixed cost (its program,
// its cursors on the table and on each index) is paid once per chunk of rows, not once per row.
class MultiRowInsert {
public:
    using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;

    // `head` is the statement up to VALUES, e.g. "INSERT INTO task_logs (task_seq, at, message)"; every row has
    // `columns` values.
    MultiRowInsert(std::string head, std::size_t columns);

    // Adds one row of exactly `columns` values; throws std::invalid_argument otherwise.
    void add(std::vector<Value> row);

    bool empty() const { return values_.empty(); }

    // Inserts every row added, in the order added, and forgets them (also when a statement fails).
    void write(Connection& connection);

private:
    // The statement text for chunks of `rows` rows, built once per size.
    const std::string& text_for(std::size_t rows);

    std::string head_;
    std::size_t columns_;
    std::vector<Value> values_;
    std::vector<std::string> texts_;  // index i: the text for 2^i rows
};

}  // namespace dms::store::sqlite
