#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace dms::cli {

// A plain text table for people: a header row, then rows, columns padded to their widest cell (the
// last one is not padded, so long text does not leave trailing blanks).
class TablePrinter {
 public:
    explicit TablePrinter(std::vector<std::string> headers) : headers_(std::move(headers)) {}

    // A row with as many cells as there are headers; missing cells print empty.
    void add_row(std::vector<std::string> cells);

    bool empty() const { return rows_.empty(); }

    void print(std::ostream& out) const;

 private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text: one column per code point (enough for names, ids and log lines).
std::size_t display_width(const std::string& text);

}  // namespace dms::cli
