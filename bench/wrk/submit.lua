-- wrk script: one noop submission per request, the body dms-load's submit scenario sends.
-- run.sh passes the operator token in DMS_TOKEN and the submit path in the URL.
wrk.method = "POST"
wrk.body = '{"priority":"high"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Operator-Token"] = os.getenv("DMS_TOKEN")

local report = dofile(os.getenv("DMS_WRK_DIR") .. "/report.lua")
done = report
