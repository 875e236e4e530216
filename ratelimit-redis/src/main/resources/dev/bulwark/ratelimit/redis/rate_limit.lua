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
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end

-- Fast path: one token-bucket limit, the default and by far the most common shape. The same
-- arithmetic as the general code below specialised to n = 1, with no tables, closures or pattern
-- matching, and its state a plain integer (which Redis stores as a number): about half the cost of
-- the general code on the server. The contract suite runs both paths with the same expectations.
if ARGV[4] == 'g' and #ARGV == 7 then
  local permits, T, B = tonumber(ARGV[3]), tonumber(ARGV[6]), tonumber(ARGV[7])
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
    redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + ARGV[5])
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
  return string.format('%d 1 %d %d %d 0 0 0', allowed, left, longest, backlog)
end

local take = ARGV[2] == '1'
local permits = tonumber(ARGV[3])
local algorithm = ARGV[4]
local ttlPadMs = tonumber(ARGV[5])
local n = (#ARGV - 5) / 2
local NEVER = math.huge
local REPLY = '%d %d %d %d %d %d %d %d' -- %d formats a C long: exact for these integers < 2^53

local span, burst = {}, {}
for i = 1, n do
  span[i] = tonumber(ARGV[4 + 2 * i])
  burst[i] = tonumber(ARGV[5 + 2 * i])
end

-- floor(a / b) for integers 0 <= a < 2^53 and b > 0, exactly (a / b alone may round up).
local function fdiv(a, b)
  local q = math.floor(a / b)
  if q * b > a then
    q = q - 1
  elseif (q + 1) * b <= a then
    q = q + 1
  end
  return q
end

local fields = algorithm == 'g' and 1 or (algorithm == 'f' and 2 or 3)
local offset = algorithm == 'g' and 0 or 1
local v = {}
local stored = redis.call('GET', KEYS[1])
if stored then
  local letter = true
  for x in string.gmatch(stored, '%S+') do
    if letter then
      letter = false
      if x ~= algorithm then break end
    else
      v[#v + 1] = tonumber(x)
    end
  end
end
-- Absent, or written under another algorithm or number of limits: start afresh.
local fresh = #v ~= offset + fields * n
if fresh then
  v = {}
  if algorithm == 'g' then
    for i = 1, n do v[i] = now end
  else
    v[1] = now
    for i = 2, 1 + fields * n do v[i] = 0 end
  end
end

local wait, remaining, reset, apply

if algorithm == 'g' then
  -- GCRA: v[i] is the theoretical arrival time; full when tat <= now.
  wait = function(i, k)
    if k > burst[i] then return NEVER end
    local excess = math.max(v[i], now) + k * span[i] - now - burst[i] * span[i]
    return excess > 0 and excess or 0
  end
  remaining = function(i)
    local backlog = v[i] - now
    if backlog <= 0 then return burst[i] end
    local free = burst[i] * span[i] - backlog
    return free <= 0 and 0 or fdiv(free, span[i])
  end
  reset = function(i)
    return math.max(0, v[i] - now)
  end
  apply = function(i, k)
    v[i] = math.max(v[i], now) + k * span[i]
  end
else
  local elapsed = math.max(0, now - v[1])
  local function at(i) -- index of the current window and the offset into it
    local index = fdiv(elapsed, span[i])
    return index, elapsed - index * span[i]
  end
  if algorithm == 'f' then
    -- Fixed window: v[2i] is the recorded window's index, v[2i+1] its count.
    wait = function(i, k)
      if k > burst[i] then return NEVER end
      local index, off = at(i)
      local recorded = v[2 * i]
      if index < recorded then return recorded * span[i] - elapsed end
      local count = index == recorded and v[2 * i + 1] or 0
      if count + k > burst[i] then return span[i] - off end
      return 0
    end
    remaining = function(i)
      local index = at(i)
      local recorded = v[2 * i]
      if index < recorded then return 0 end
      return index == recorded and burst[i] - v[2 * i + 1] or burst[i]
    end
    reset = function(i)
      local index = at(i)
      local recorded = v[2 * i]
      if index > recorded or v[2 * i + 1] == 0 then return 0 end
      return recorded * span[i] - elapsed + span[i]
    end
    apply = function(i, k)
      local index = at(i)
      local count = index == v[2 * i] and v[2 * i + 1] or 0
      v[2 * i], v[2 * i + 1] = index, count + k
    end
  else
    -- Sliding-window counter: v[3i-1] recorded index, v[3i] previous count, v[3i+1] current count.
    local function counts(i, index)
      local recorded, prev, cur = v[3 * i - 1], v[3 * i], v[3 * i + 1]
      if index == recorded then return prev, cur end
      if index == recorded + 1 then return cur, 0 end
      return 0, 0
    end
    local function weighted(i, prev, off) -- ceil(prev * (W - off) / W)
      return prev == 0 and 0 or prev - fdiv(prev * off, span[i])
    end
    wait = function(i, k)
      if k > burst[i] then return NEVER end
      local index, off = at(i)
      local recorded = v[3 * i - 1]
      if index < recorded then return recorded * span[i] - elapsed end
      local prev, cur = counts(i, index)
      if cur + weighted(i, prev, off) + k <= burst[i] then return 0 end
      local spare = burst[i] - cur - k
      if spare >= 0 then
        return span[i] - off - fdiv(spare * span[i], prev)
      end
      return span[i] - off + span[i] - fdiv((burst[i] - k) * span[i], cur)
    end
    remaining = function(i)
      local index, off = at(i)
      if index < v[3 * i - 1] then return 0 end
      local prev, cur = counts(i, index)
      return math.max(0, burst[i] - cur - weighted(i, prev, off))
    end
    reset = function(i)
      local index, off = at(i)
      local recorded = v[3 * i - 1]
      if index < recorded then return recorded * span[i] - elapsed + 2 * span[i] end
      if index == recorded and v[3 * i + 1] > 0 then return 2 * span[i] - off end
      local prev = counts(i, index)
      return prev > 0 and span[i] - off or 0
    end
    apply = function(i, k)
      local index = at(i)
      local prev, cur = counts(i, index)
      v[3 * i - 1], v[3 * i], v[3 * i + 1] = index, prev, cur + k
    end
  end
end

-- The longest wait of all limits decides; the first limit with that wait is described.
local function decide(k)
  local longest, chosen = -1, 1
  for i = 1, n do
    local w = wait(i, k)
    if w > longest then longest, chosen = w, i end
  end
  return longest, chosen
end

local function save()
  local ttl = 0
  for i = 1, n do ttl = math.max(ttl, reset(i)) end
  if ttl == 0 then
    if algorithm == 'g' then return end -- a full token bucket is the same as no key
    for i = 1, n do ttl = math.max(ttl, span[i]) end -- empty windows keep their alignment a while
  end
  local parts = {algorithm}
  for i = 1, #v do parts[i + 1] = string.format('%.0f', v[i]) end
  redis.call('SET', KEYS[1], table.concat(parts, ' '), 'PX',
    math.ceil(ttl / 1000) + ttlPadMs)
end

local longest, chosen = decide(permits)
local allowed = longest == 0
if take and (allowed or fresh) then
  if allowed then
    for i = 1, n do apply(i, permits) end
  end
  save() -- a refused first request still fixes where the key's windows begin, as in memory
end

local fewest, fewestAt = math.huge, 1
for i = 1, n do
  local r = remaining(i)
  if r < fewest then fewest, fewestAt = r, i end
end
if allowed then chosen = fewestAt end

local denyWait, denyAt, denyReset = 0, 0, 0
if fewest == 0 then
  denyWait, denyAt = decide(1)
  denyReset = reset(denyAt)
end

return string.format(REPLY,
  allowed and 1 or 0, chosen, remaining(chosen), longest == NEVER and -1 or longest, reset(chosen),
  denyWait, denyAt, denyReset)
