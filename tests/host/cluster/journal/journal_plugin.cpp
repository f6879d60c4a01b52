#include "journal_executor.hpp"

DMS_DECLARE_PLUGIN(dms::test_plugins::JournalExecutor);
