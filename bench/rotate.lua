-- wrk script for the server benchmarks (bench/load.sh, bench/cpu_per_request.sh):
-- each request takes the next patient's token and id from $LOAD_PATIENTS
-- ("ID TOKEN" lines). LOAD_MODE=log posts a session log dated $LOAD_TODAY;
-- otherwise it asks for today's plan.
local patients = {}
local n = 0
local mode = os.getenv("LOAD_MODE")
local today = os.getenv("LOAD_TODAY")
function init(args)
  for line in io.lines(os.getenv("LOAD_PATIENTS")) do
    local id, token = line:match("(%S+) (%S+)")
    patients[#patients + 1] = {id = id, token = token}
  end
  n = math.random(#patients)
end
function request()
  n = n % #patients + 1
  local p = patients[n]
  local headers = {["Authorization"] = "Bearer " .. p.token}
  if mode == "log" then
    headers["Content-Type"] = "application/json"
    local body = '{"date":"' .. today .. '","exercises":[{"id":"walking","pain_during":2}],' ..
                 '"pain_after":2,"effort":4}'
    return wrk.format("POST", "/api/v1/patients/" .. p.id .. "/sessions", headers, body)
  end
  return wrk.format("GET", "/api/v1/patients/" .. p.id .. "/today", headers)
end
