#include "sleep_executor.hpp"

DMS_DECLARE_PLUGIN(dms::plugins::SleepExecutor);
