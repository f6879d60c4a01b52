#include "store/sqlite/multi_row_insert.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace dms::store::sqlite {

namespace {

// Chunks are powers of two up to this many rows, so a connection caches at most eight such statements per table
// and any count is written in at most eight statements past its full chunks.
constexpr std::size_t kMaxRowsPerStatement = 128;

}  // namespace

MultiRowInsert::MultiRowInsert(std::string head, std::size_t columns) : head_(std::move(head)), columns_(columns) {
    if (columns_ == 0) throw std::invalid_argument("a multi-row insert needs at least one column");
}

void MultiRowInsert::add(std::vector<Value> row) {
    if (row.size() != columns_) throw std::invalid_argument("a row's value count differs from its table's columns");
    for (Value& value : row) values_.push_back(std::move(value));
}

void MultiRowInsert::write(Connection& connection) {
    std::vector<Value> values;
    values.swap(values_);
    std::size_t rows = values.size() / columns_;
    std::size_t next = 0;
    while (next < rows) {
        std::size_t chunk = std::min(kMaxRowsPerStatement, std::bit_floor(rows - next));
        auto statement = connection.prepare(text_for(chunk));
        int index = 1;
        for (std::size_t i = next * columns_; i < (next + chunk) * columns_; ++i, ++index) {
            std::visit(
                [&](const auto& value) {
                    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::nullptr_t>) {
                        statement.bind_null(index);
                    } else {
                        statement.bind(index, value);
                    }
                },
                values[i]);
        }
        statement.run();
        next += chunk;
    }
}

const std::string& MultiRowInsert::text_for(std::size_t rows) {
    auto slot = static_cast<std::size_t>(std::countr_zero(rows));
    if (texts_.size() <= slot) texts_.resize(slot + 1);
    std::string& text = texts_[slot];
    if (text.empty()) {
        std::string row = "(";
        for (std::size_t column = 0; column < columns_; ++column) row += column == 0 ? "?" : ", ?";
        row += ')';
        text = head_ + " VALUES ";
        for (std::size_t i = 0; i < rows; ++i) {
            if (i > 0) text += ", ";
            text += row;
        }
    }
    return text;
}

}  // namespace dms::store::sqlite
