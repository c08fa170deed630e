-- wrk script: a mixed set of GET requests taken in turn, each with its own headers,
-- and report.lua's WRK_JSON summary (read by suite.py).
--   wrk -t2 -c8 -d20s -s mixed.lua http://127.0.0.1:PORT -- REQUESTS_FILE
-- REQUESTS_FILE: one request a line, "path<TAB>Header: value<TAB>Header: value ...".
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local requests_ = {}
local counter = 0

init = function(args)
  local file = assert(io.open(args[1]))
  for line in file:lines() do
    local fields = {}
    for field in string.gmatch(line, "[^\t]+") do
      fields[#fields + 1] = field
    end
    if #fields > 0 then
      local headers = {}
      for i = 2, #fields do
        local key, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
        headers[key] = value
      end
      requests_[#requests_ + 1] = wrk.format("GET", fields[1], headers)
    end
  end
  file:close()
  -- each thread starts elsewhere in the list
  counter = math.random(#requests_)
end

request = function()
  counter = counter % #requests_ + 1
  return requests_[counter]
end
