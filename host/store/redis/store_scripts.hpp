#pragma once

#include "store/redis/script.hpp"

namespace dms::store::redis {

// The Lua scripts behind every change RedisStore makes to more than one key: each runs atomically on the server, in
// one round trip, and decides status changes with the state machine's own table (see lua_prelude.hpp). Arguments
// are documented above each script's source in store_scripts.cpp.
class StoreScripts {
 public:
    StoreScripts();

    Script submit;             // stores a batch of new queued tasks
    Script lease;              // takes up to max queued (or due retrying) tasks of some services
    Script finish;             // ends attempts (one or a batch), fenced
    Script requeue_abandoned;  // puts back running tasks whose lease expired or whose host is named
    Script resubmit;           // puts a failed task back in its queue
    Script request_cancel;     // cancels a queued or retrying task, or marks a running one
    Script set_priority;       // moves a task to another priority, keeping its seq
    Script fenced_write;       // log line, progress, checkpoint or lease renewal of a current attempt
    Script remove;             // deletes one task
    Script expire;             // deletes final tasks that finished before a cutoff
};

}  // namespace dms::store::redis
