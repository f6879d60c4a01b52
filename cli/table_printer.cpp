#include "cli/table_printer.hpp"

#include <algorithm>

namespace dms::cli {

std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void TablePrinter::add_row(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
}

void TablePrinter::print(std::ostream& out) const {
    std::vector<std::size_t> widths;
    for (const auto& header : headers_) widths.push_back(display_width(header));
    for (const auto& row : rows_) {
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
    }
    auto print_row = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out << row[i];
            if (i + 1 < row.size()) out << std::string(widths[i] - display_width(row[i]) + 2, ' ');
        }
        out << '\n';
    };
    print_row(headers_);
    for (const auto& row : rows_) print_row(row);
}

}  // namespace dms::cli
