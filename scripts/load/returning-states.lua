-- Links opened again and again, as those in tickets and wikis are: every request one of a fixed
-- set of states (STATES of them, 300 by default), the same set in every thread, each time with
-- its parameters in a new order, so that only a cache keyed by the normalized state helps.
dofile("scripts/load/state.lua")

local pool = {}

function init(args)
  math.randomseed(7)
  for i = 1, tonumber(os.getenv("STATES") or "300") do pool[i] = state() end
  math.randomseed(os.time() * 1000 + id)
end

request = function()
  local parts = {}
  for i, part in ipairs(pool[math.random(#pool)]) do
    local j = math.random(i)
    parts[i] = parts[j]
    parts[j] = part
  end
  return wrk.format("GET", wrk.path .. "?" .. table.concat(parts, "&"))
end
