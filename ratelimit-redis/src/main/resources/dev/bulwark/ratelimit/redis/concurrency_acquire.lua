-- Bulwark: take a lease for one key if the key and the total are below their maximums.
-- Leases are members of sorted sets scored by their expiry (µs); expired ones are pruned first, so
-- the lease of a holder that died without releasing it frees its place when it expires.
--
-- KEYS[1]  the key's lease set
-- KEYS[2]  the limiter's total lease set (same hash tag: same cluster slot)
-- ARGV[1]  now in microseconds, or '' to read the server clock (TIME); a number only for tests
-- ARGV[2]  lease duration (µs)
-- ARGV[3]  maximum leases for the key
-- ARGV[4]  maximum leases in total
-- ARGV[5]  the new lease's id, unique
-- ARGV[6]  milliseconds added to the sets' TTL (0; more only with a test clock)
--
-- Returns {granted (1/0), leases held for the key, leases held in total}, after the decision.

local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local lease = tonumber(ARGV[2])
local nowText = string.format('%.0f', now)

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowText)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', nowText)
local forKey = redis.call('ZCARD', KEYS[1])
local total = redis.call('ZCARD', KEYS[2])
if forKey >= tonumber(ARGV[3]) or total >= tonumber(ARGV[4]) then
  return {0, forKey, total}
end

-- The newest lease expires last, so each set lives exactly as long as its newest lease.
local expiry = string.format('%.0f', now + lease)
local ttl = math.ceil(lease / 1000) + tonumber(ARGV[6])
redis.call('ZADD', KEYS[1], expiry, ARGV[5])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('ZADD', KEYS[2], expiry, ARGV[5])
redis.call('PEXPIRE', KEYS[2], ttl)
return {1, forKey + 1, total + 1}
