#include "noop_executor.hpp"

DMS_DECLARE_PLUGIN(dms::plugins::NoopExecutor);
