-- Bulwark: the per-key decision code shared by rate_limit.lua and hierarchy.lua. Not a script on its
-- own: LuaScript (Java) puts this text in place of each script's line that includes level.lua
-- ("#include" after a comment's dashes) when it loads it. The including script defines, before
-- that line, the locals
--   now        the decision's time in microseconds
--   algorithm  'g' token bucket (GCRA), 'f' fixed window, 's' sliding-window counter
--   ttlPadMs   milliseconds added to a key's TTL
--   NEVER      math.huge, the wait when the permits exceed a burst
-- and gets level(key, stored, first, n): one key's state (stored: its value, false or nil when
-- absent) under n limits given as ARGV[first], ARGV[first + 1], ... (span in µs, burst), with
-- the arithmetic of ratelimit-core's GcraBucket, FixedWindowBucket, SlidingWindowCounterBucket and
-- MultiBucket in integer microseconds (Lua numbers are doubles: exact below 2^53).
--
-- A level's state, integers separated by spaces after the algorithm's letter:
--   token bucket, one limit: tat (a plain integer, as rate_limit.lua's fast path stores it)
--   token bucket:            g tat_1 .. tat_n
--   fixed window:            f origin  index_1 count_1 .. index_n count_n
--   sliding-window counter:  s origin  index_1 prev_1 cur_1 .. index_n prev_n cur_n
-- Absent, or written under another algorithm or number of limits: the level starts afresh.

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

-- One level: its key's state and its limits (ARGV[first], ARGV[first + 1], ... n pairs), with the
-- operations both scripts decide with.
local function level(key, stored, first, n)
  local span, burst = {}, {}
  for i = 1, n do
    span[i] = tonumber(ARGV[first + 2 * i - 2])
    burst[i] = tonumber(ARGV[first + 2 * i - 1])
  end
  local v = {}
  local plain = algorithm == 'g' and n == 1 -- one token-bucket limit: a plain integer
  if plain then
    v[1] = tonumber(stored or '')
  elseif stored then
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
  local L = {fresh = #v ~= offset + fields * n}
  if L.fresh then
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
    local function at(i)
      local index = fdiv(elapsed, span[i])
      return index, elapsed - index * span[i]
    end
    if algorithm == 'f' then
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
      local function counts(i, index)
        local recorded, prev, cur = v[3 * i - 1], v[3 * i], v[3 * i + 1]
        if index == recorded then return prev, cur end
        if index == recorded + 1 then return cur, 0 end
        return 0, 0
      end
      local function weighted(i, prev, off)
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
  L.decide = function(k)
    local longest, chosen = -1, 1
    for i = 1, n do
      local w = wait(i, k)
      if w > longest then longest, chosen = w, i end
    end
    return longest, chosen
  end
  L.apply = function(k)
    for i = 1, n do apply(i, k) end
  end
  L.save = function()
    local ttl = 0
    for i = 1, n do ttl = math.max(ttl, reset(i)) end
    if ttl == 0 then
      if algorithm == 'g' then return end -- a full token bucket is the same as no key
      for i = 1, n do ttl = math.max(ttl, span[i]) end
    end
    local text
    if plain then
      text = string.format('%.0f', v[1])
    else
      local parts = {algorithm}
      for i = 1, #v do parts[i + 1] = string.format('%.0f', v[i]) end
      text = table.concat(parts, ' ')
    end
    -- '%d': a number handed to Redis would be formatted with '%.17g', slower.
    redis.call('SET', key, text, 'PX', string.format('%d', math.ceil(ttl / 1000) + ttlPadMs))
  end
  -- The level's limit with the fewest remaining permits (the first on a tie), and that number.
  L.fewest = function()
    local fewest, at = math.huge, 1
    for i = 1, n do
      local r = remaining(i)
      if r < fewest then fewest, at = r, i end
    end
    return fewest, at
  end
  L.remaining = remaining
  L.reset = reset
  -- The wait for one permit, its limit and that limit's reset, when none is left; else 0 0 0.
  L.deny = function()
    local fewest = L.fewest()
    if fewest ~= 0 then return 0, 0, 0 end
    local w, at = L.decide(1)
    return w, at, reset(at)
  end
  return L
end
