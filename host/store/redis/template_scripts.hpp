#pragma once

#include "store/redis/script.hpp"

namespace dms::store::redis {

// The Lua scripts of RedisTemplateStore, built on the task scripts' prelude so that fire creates its task exactly as
// submit does, in the same script that advances the template. Arguments are documented in template_scripts.cpp.
class TemplateScripts {
 public:
    TemplateScripts();

    Script create;    // stores a new template
    Script get;       // one template's fields
    Script list;      // templates in creation order, filtered by service and user
    Script update;    // replaces a template's definition
    Script remove;    // deletes a template
    Script due;       // enabled templates due at a time
    Script earliest;  // the earliest next_run_at of the enabled templates
    Script fire;      // one occurrence: compare, create the task, advance
};

}  // namespace dms::store::redis
