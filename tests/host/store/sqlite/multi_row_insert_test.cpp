// MultiRowInsert on a real SQLite file: every row arrives, in order, whatever chunks the count splits into.
#include "store/sqlite/multi_row_insert.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "store/sqlite/connection.hpp"
#include "support/temp_dir.hpp"

namespace dms::store::sqlite::test {
namespace {

class MultiRowInsertTest : public ::testing::Test {
protected:
    MultiRowInsertTest() : db_(dir_.path() / "rows.sqlite3", Connection::Mode::read_write) {
        db_.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, number INTEGER, label TEXT)");
    }

    // The rows as "number:label" in insertion order, NULL shown as "null".
    std::vector<std::string> stored() {
        std::vector<std::string> rows;
        auto select = db_.prepare("SELECT number, label FROM rows ORDER BY id");
        while (select.step()) {
            rows.push_back(std::to_string(select.int64(0)) + ":" + (select.is_null(1) ? "null" : select.text(1)));
        }
        return rows;
    }

    dms::test::TempDir dir_;
    Connection db_;
    MultiRowInsert insert_{"INSERT INTO rows (number, label)", 2};
};

TEST_F(MultiRowInsertTest, EveryCountArrivesWholeAndInOrder) {
    // Across the chunk sizes: a single row, odd counts, a full chunk of 128, and counts that need several chunks.
    for (int count : {1, 2, 3, 7, 127, 128, 129, 300}) {
        db_.exec("DELETE FROM rows");
        std::vector<std::string> expected;
        for (int i = 0; i < count; ++i) {
            insert_.add({std::int64_t{i}, "row " + std::to_string(i)});
            expected.push_back(std::to_string(i) + ":row " + std::to_string(i));
        }
        insert_.write(db_);
        EXPECT_EQ(stored(), expected) << count << " rows";
        EXPECT_TRUE(insert_.empty());
    }
}

TEST_F(MultiRowInsertTest, NullsAndTextWithQuotesAreBoundNotSpliced) {
    insert_.add({std::int64_t{1}, nullptr});
    insert_.add({std::int64_t{2}, std::string("it's \"quoted\"); DROP TABLE rows; --")});
    insert_.write(db_);
    EXPECT_EQ(stored(), (std::vector<std::string>{"1:null", "2:it's \"quoted\"); DROP TABLE rows; --"}));
}

TEST_F(MultiRowInsertTest, WritingNothingIsANoOp) {
    insert_.write(db_);
    EXPECT_TRUE(stored().empty());
}

TEST_F(MultiRowInsertTest, ARowOfTheWrongWidthIsRefused) {
    EXPECT_THROW(insert_.add({std::int64_t{1}}), std::invalid_argument);
    EXPECT_THROW(insert_.add({std::int64_t{1}, "a", "b"}), std::invalid_argument);
    EXPECT_TRUE(insert_.empty());
    EXPECT_THROW(MultiRowInsert("INSERT INTO rows (number)", 0), std::invalid_argument);
}

TEST_F(MultiRowInsertTest, AFailedWriteForgetsItsRowsAndLeavesTheNextWriteClean) {
    db_.exec("CREATE UNIQUE INDEX one_label ON rows (label)");
    insert_.add({std::int64_t{1}, "same"});
    insert_.add({std::int64_t{2}, "same"});
    EXPECT_ANY_THROW(insert_.write(db_));
    EXPECT_TRUE(insert_.empty());
    EXPECT_TRUE(stored().empty());  // one statement: all or nothing
    insert_.add({std::int64_t{3}, "other"});
    insert_.write(db_);
    EXPECT_EQ(stored(), std::vector<std::string>{"3:other"});
}

}  // namespace
}  // namespace dms::store::sqlite::test
