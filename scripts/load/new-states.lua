-- Every request a state asked for by no request before it: what an architect makes with each
-- change of an answer. Run from the project's directory (wrk -s scripts/load/new-states.lua).
dofile("scripts/load/state.lua")

function init(args)
  math.randomseed(os.time() * 1000 + id)
end

request = function()
  return wrk.format("GET", wrk.path .. "?" .. table.concat(state(), "&"))
end
