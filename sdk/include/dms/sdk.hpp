/*
 * dms/sdk.hpp: the C++ SDK for DMS executor plugins, header-only over dms/plugin_abi.h.
 *
 * A plugin derives from dms::sdk::Executor, describes itself with a static info(), and exports itself
 * with DMS_DECLARE_PLUGIN:
 *
 *     class HelloExecutor : public dms::sdk::Executor {
 *     public:
 *         static dms::sdk::PluginInfo info() {
 *             return {"hello", "1.0.0", "Greets.", {{"hello", "Sets a greeting as the result.", {}}}};
 *         }
 *         void run(dms::sdk::Task& task) override { task.set_result({{"greeting", "hello"}}); }
 *     };
 *     DMS_DECLARE_PLUGIN(HelloExecutor);
 *
 * Build it with dms_add_plugin() from the DmsSdk CMake package; unit-test it with dms/sdk_fake.hpp.
 */
#pragma once

#include "dms/plugin_abi.h"
#include "dms/sdk/errors.hpp"
#include "dms/sdk/executor.hpp"
#include "dms/sdk/plugin.hpp"
#include "dms/sdk/task.hpp"
#include "dms/sdk/value_text.hpp"
