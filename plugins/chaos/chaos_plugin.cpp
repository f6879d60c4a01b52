#include "chaos_executor.hpp"

DMS_DECLARE_PLUGIN(dms::plugins::ChaosExecutor);
