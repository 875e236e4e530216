-- Bulwark: one rate-limit decision for one key under one or more limits, all-or-nothing.
-- The same arithmetic as ratelimit-core's GcraBucket, FixedWindowBucket, SlidingWindowCounterBucket
-- and MultiBucket, in integer microseconds (Lua numbers are doubles: exact below 2^53).
--
-- KEYS[1]  the key's state, integers (µs, counts) separated by spaces after the algorithm's letter:
--            token bucket, one limit: tat (a plain integer)
--            token bucket:            g tat_1 .. tat_n
--            fixed window:            f origin  index_1 count_1 .. index_n count_n
--            sliding-window counter:  s origin  index_1 prev_1 cur_1 .. index_n prev_n cur_n
-- ARGV[1]  now in microseconds, or '' to read the server clock (TIME); a number only for tests
-- ARGV[2]  '1' to take the permits when granted, '0' to only look
-- ARGV[3]  permits asked for, >= 1
-- ARGV[4]  algorithm: 'g' token bucket (GCRA), 'f' fixed window, 's' sliding-window counter
-- ARGV[5]  milliseconds added to the key's TTL (0; more only with a test clock)
-- ARGV[6], ARGV[7], ...  per limit: emission interval (token bucket) or window (µs), burst
--
-- Returns one string of eight space-separated integers: allowed (1/0), described limit (1-based),
--          remaining, retry-after µs (-1: never), reset µs, deny µs, deny limit, deny reset µs.
--          When no single permit is left after the decision, "deny" is the wait for one permit,
--          the limit that imposes it and that limit's reset (the local deny cache refuses until
--          then); otherwise deny is 0. A string, not a table: Redis 6 converts a table reply at
--          several times the cost of the whole decision, a string almost for free.

-- The decision's time: the server clock, in microseconds (a test clock when ARGV[1] is a number).
-- (Lua's arithmetic converts TIME's two strings itself: cheaper than two calls of tonumber.)
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = t[1] * 1000000 + t[2]
else
  now = tonumber(ARGV[1])
end

-- Fast path: one token-bucket limit, the default and by far the most common shape. The same
-- arithmetic as the general code below specialised to n = 1, with no tables, closures or pattern
-- matching, and its state a plain integer (which Redis stores as a number): about half the cost of
-- the general code on the server. The contract suite runs both paths with the same expectations.
-- Each string-to-number conversion is a strtod, and each number Redis is handed it formats with
-- '%.17g' (a floating-point print): so one permit and no TTL pad are recognised by comparing
-- strings (interned: one pointer comparison), and the PX argument is formatted here with '%d'.
if ARGV[4] == 'g' and #ARGV == 7 then
  local permits = ARGV[3] == '1' and 1 or tonumber(ARGV[3])
  local T, B = tonumber(ARGV[6]), tonumber(ARGV[7])
  -- Absent, or another shape's state (not a plain number): start afresh.
  local tat = tonumber(redis.call('GET', KEYS[1]) or now) or now
  if tat < now then tat = now end
  local burstSpan = B * T
  local longest = -1 -- more permits than the burst: never
  if permits <= B then
    longest = tat + permits * T - now - burstSpan
    if longest < 0 then longest = 0 end
  end
  if longest == 0 and ARGV[2] == '1' then
    tat = tat + permits * T
    local ttl = (tat - now + 999) / 1000 -- whole milliseconds, rounded up (tat > now here)
    ttl = ttl - ttl % 1
    if ARGV[5] ~= '0' then ttl = ttl + ARGV[5] end
    redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', string.format('%d', ttl))
  end
  local backlog = tat - now -- also the time until full
  local left = B
  if backlog > 0 then
    local free = burstSpan - backlog
    if free <= 0 then
      left = 0
    else
      left = math.floor(free / T)
      if left * T > free then left = left - 1 elseif (left + 1) * T <= free then left = left + 1 end
    end
  end
  local allowed = longest == 0 and 1 or 0
  if left == 0 then
    local deny = tat + T - now - burstSpan
    if deny < 0 then deny = 0 end
    return string.format('%d 1 0 %d %d %d 1 %d', allowed, longest, backlog, deny, backlog)
  end
  if allowed == 1 then -- the common reply: two numbers to format (each %d is a sprintf)
    return string.format('1 1 %d 0 %d 0 0 0', left, backlog)
  end
  return string.format('0 1 %d %d %d 0 0 0', left, longest, backlog)
end

-- The general code: any algorithm, any number of limits, with level.lua's per-key code (shared
-- with hierarchy.lua).
local take = ARGV[2] == '1'
local permits = tonumber(ARGV[3])
local algorithm = ARGV[4]
local ttlPadMs = tonumber(ARGV[5])
local NEVER = math.huge
local REPLY = '%d %d %d %d %d %d %d %d' -- %d formats a C long: exact for these integers < 2^53

-- #include level.lua

local key = level(KEYS[1], redis.call('GET', KEYS[1]), 6, (#ARGV - 5) / 2)
local longest, chosen = key.decide(permits)
local allowed = longest == 0
if take and (allowed or key.fresh) then
  if allowed then key.apply(permits) end
  key.save() -- a refused first request still fixes where the key's windows begin, as in memory
end
local fewest, fewestAt = key.fewest()
if allowed then chosen = fewestAt end
-- When no single permit is left: the wait for one, the limit imposing it and its reset.
local denyWait, denyAt, denyReset = key.deny()

return string.format(REPLY,
  allowed and 1 or 0, chosen, key.remaining(chosen), longest == NEVER and -1 or longest, key.reset(chosen),
  denyWait, denyAt, denyReset)
