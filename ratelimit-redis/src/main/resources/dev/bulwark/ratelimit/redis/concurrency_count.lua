-- Bulwark: count the unexpired leases of one lease set, without changing anything.
--
-- KEYS[1]  a lease set (a key's, or the limiter's total)
-- ARGV[1]  now in microseconds, or '' to read the server clock (TIME); a number only for tests
--
-- Returns the number of leases expiring after now.

local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
return redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.0f', now), '+inf')
