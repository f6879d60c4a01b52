-- wrk script: GETs of existing tasks, cycling over the ids in the file DMS_IDS (one per line), each request
-- on the path DMS_TASK_PATH with %s standing for the id.
wrk.headers["X-Operator-Token"] = os.getenv("DMS_TOKEN")

local ids = {}
for line in io.lines(os.getenv("DMS_IDS")) do ids[#ids + 1] = line end
local path_format = os.getenv("DMS_TASK_PATH")
local next_id = 0

function init(args)
    -- Each wrk thread starts at its own offset, so threads do not read the same task in step.
    next_id = math.random(#ids) - 1
end

function request()
    next_id = next_id % #ids + 1
    return wrk.format("GET", string.format(path_format, ids[next_id]))
end

local report = dofile(os.getenv("DMS_WRK_DIR") .. "/report.lua")
done = report
