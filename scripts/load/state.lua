-- One complete advisor state in edition 3's contract (every parameter a link can carry but
-- `rules` and `context`), as a list of "name=value" parts, drawn with math.random.
local choices = {
  {"fips", {"none", "2", "3"}}, {"dedicated", {"yes", "no"}},
  {"custody", {"aws", "imported", "hsm", "external"}}, {"shardable", {"yes", "no"}},
  {"integration", {"aws", "custom", "both"}}, {"team", {"managed", "hsm"}},
  {"multi_region", {"yes", "no"}},
}
local regions = {"us-east-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-2"}
local usages = {"encrypt", "sign", "hmac", "keypair", "payment"}
local interfaces = {"kms_api", "pkcs11", "jce", "cng", "openssl"}

function state()
  local parts = {}
  for _, choice in ipairs(choices) do
    local values = choice[2]
    parts[#parts + 1] = choice[1] .. "=" .. values[math.random(#values)]
  end
  local usage = {}
  for _, name in ipairs(usages) do
    if math.random(2) == 1 then usage[#usage + 1] = name end
  end
  if #usage == 0 then usage[1] = "encrypt" end
  parts[#parts + 1] = "usage=" .. table.concat(usage, ",")
  local interface = {}
  for _, name in ipairs(interfaces) do
    if math.random(3) == 1 then interface[#interface + 1] = name end
  end
  if #interface == 0 then interface[1] = "kms_api" end
  parts[#parts + 1] = "interface=" .. table.concat(interface, ",")
  parts[#parts + 1] = "rotation=" .. (math.random(3) == 1 and "none" or tostring(math.random(90, 2560)))
  parts[#parts + 1] = "peak_ops=" .. math.random(1, 20000)
  parts[#parts + 1] = "kms_quota=" .. (math.random(10, 100) * 1000)
  local keys = math.random(1, 5000)
  parts[#parts + 1] = "keys=" .. keys
  -- Together at most `keys`, as the contract requires.
  parts[#parts + 1] = "signing_keys=" .. math.random(0, math.floor(keys / 2))
  parts[#parts + 1] = "hmac_keys=" .. math.random(0, math.floor(keys / 2))
  parts[#parts + 1] = "asymmetric_quota=" .. (math.random(1, 10) * 1000)
  parts[#parts + 1] = "service_share=" .. math.random(0, 100)
  parts[#parts + 1] = "payment_requests=" .. math.random(0, 10000000)
  parts[#parts + 1] = "requests=" .. math.random(1, 5000000000)
  parts[#parts + 1] = "rsa2048_requests=" .. math.random(0, 50000000)
  parts[#parts + 1] = "asymmetric_requests=" .. math.random(0, 50000000)
  parts[#parts + 1] = "ecc_keypair_requests=" .. math.random(0, 1000000)
  parts[#parts + 1] = "rsa_keypair_requests=" .. math.random(0, 1000000)
  parts[#parts + 1] = "hsms=" .. math.random(2, 6)
  parts[#parts + 1] = "region=" .. regions[math.random(#regions)]
  parts[#parts + 1] = "hsm_hourly=" .. (1 + math.random(0, 100) / 100)
  parts[#parts + 1] = "hsm_hours=" .. math.random(200, 744)
  parts[#parts + 1] = "external_usd=" .. math.random(0, 2000)
  parts[#parts + 1] = "growth=" .. math.random(0, 20)
  parts[#parts + 1] = "months=" .. math.random(1, 120)
  return parts
end

-- Each wrk thread its own number, so that no two threads draw the same sequence.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
