/* A shared library that is not a plugin: it exports a near-miss of the entry point's name. */
#include <dms/plugin_abi.h>

__attribute__((visibility("default"))) int dms_plugin_initialize(void) { return 0; }
