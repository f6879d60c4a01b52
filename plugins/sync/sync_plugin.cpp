#include "sync_executor.hpp"

DMS_DECLARE_PLUGIN(dms::plugins::SyncExecutor);
