-- wrk script: GET /healthz over and over, reported as the other steps are.
local report = dofile(os.getenv("DMS_WRK_DIR") .. "/report.lua")
done = report
