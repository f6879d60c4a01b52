#include "copy_executor.hpp"

DMS_DECLARE_PLUGIN(dms::plugins::CopyExecutor);
