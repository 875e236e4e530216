-- Bulwark: one hierarchical rate-limit decision (a client level, then the global level), all or
-- nothing, in one call. Each level is decided as rate_limit.lua decides one key (the same state
-- layout, the same arithmetic as ratelimit-core's buckets, in integer microseconds); the client
-- level first, and the global level only if the client level grants. Nothing is written unless
-- both levels grant (a refused first request still fixes where a fresh key's windows begin, as in
-- memory), so a refusal costs no level anything and nothing needs to be given back.
--
-- KEYS[1]  the client level's state: the route override's (route, client) key, or the default
--          per-client key
-- KEYS[2]  the global level's state; absent when the hierarchy has no global limit
-- ARGV[1]  now in microseconds, or '' to read the server clock (TIME); a number only for tests
-- ARGV[2]  permits asked for, >= 1
-- ARGV[3]  algorithm: 'g' token bucket (GCRA), 'f' fixed window, 's' sliding-window counter
-- ARGV[4]  milliseconds added to the keys' TTL (0; more only with a test clock)
-- ARGV[5]  c, the number of the client level's limits
-- ARGV[6 .. 5+2c]            per client-level limit: emission interval or window (µs), burst
-- ARGV[6+2c .. ]             per global limit: emission interval or window (µs), burst
--
-- Returns one string of twelve space-separated integers: allowed (1/0), the described level
--          (1 client, 2 global), its described limit (1-based), remaining, retry-after µs (-1:
--          never), reset µs; then for the client level and for the global level in turn: deny µs,
--          deny limit, deny reset µs (when no single permit of that level is left after the
--          decision, the wait for one, the limit imposing it and its reset; else 0 0 0; the global
--          triple is 0 0 0 too when the global level was not consulted).
--
-- Cost: one TIME, one read of both levels (MGET), and one SET ... PX per level that changed (a
-- refusal writes nothing, except the first request of a fresh window key). A token-bucket level
-- with one limit stores a plain integer (its theoretical arrival time), as rate_limit.lua does, and
-- when every level is such a level the decision takes the fast path below (no tables or closures);
-- the general code reads and writes that shape too, so both paths can share a level's key.

local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local permits = tonumber(ARGV[2])
local algorithm = ARGV[3]
local ttlPadMs = tonumber(ARGV[4])
local clientLimits = tonumber(ARGV[5])
local NEVER = math.huge

-- Fast path: token buckets with one limit per level, the default shape. The general code below
-- specialised to n = 1 per level; the contract suites pin both paths to the same expectations.
if algorithm == 'g' and clientLimits == 1
    and ((#ARGV == 7 and KEYS[2] == nil) or (#ARGV == 9 and KEYS[2] ~= nil)) then
  local cT, cB = tonumber(ARGV[6]), tonumber(ARGV[7])
  local ctat, gtat
  if KEYS[2] == nil then
    ctat = tonumber(redis.call('GET', KEYS[1]) or now) or now
  else
    local both = redis.call('MGET', KEYS[1], KEYS[2])
    ctat = tonumber(both[1] or now) or now
    gtat = tonumber(both[2] or now) or now
    if gtat < now then gtat = now end
  end
  if ctat < now then ctat = now end
  -- The wait for k permits (-1: more than the burst, never), the permits left, the deny triple.
  local function waitFor(tat, T, B, k)
    if k > B then return -1 end
    local excess = tat + k * T - now - B * T
    return excess > 0 and excess or 0
  end
  local function left(tat, T, B)
    local backlog = tat - now
    if backlog <= 0 then return B end
    local free = B * T - backlog
    if free <= 0 then return 0 end
    local q = math.floor(free / T)
    if q * T > free then q = q - 1 elseif (q + 1) * T <= free then q = q + 1 end
    return q
  end
  local function save(key, tat)
    redis.call('SET', key, string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + ttlPadMs)
  end
  local REPLY = '%d %d 1 %d %d %d %d %d %d %d %d %d'
  local cw = waitFor(ctat, cT, cB, permits)
  if cw ~= 0 then
    local cl = left(ctat, cT, cB)
    local dw = cl == 0 and waitFor(ctat, cT, cB, 1) or 0
    return string.format(REPLY, 0, 1, cl, cw, ctat - now,
      dw, cl == 0 and 1 or 0, cl == 0 and ctat - now or 0, 0, 0, 0)
  end
  if gtat == nil then
    ctat = ctat + permits * cT
    save(KEYS[1], ctat)
    local cl = left(ctat, cT, cB)
    local dw = cl == 0 and waitFor(ctat, cT, cB, 1) or 0
    return string.format(REPLY, 1, 1, cl, 0, ctat - now,
      dw, cl == 0 and 1 or 0, cl == 0 and ctat - now or 0, 0, 0, 0)
  end
  local gT, gB = tonumber(ARGV[8]), tonumber(ARGV[9])
  local gw = waitFor(gtat, gT, gB, permits)
  if gw ~= 0 then
    local cl, gl = left(ctat, cT, cB), left(gtat, gT, gB)
    local dw = cl == 0 and waitFor(ctat, cT, cB, 1) or 0
    local gdw = gl == 0 and waitFor(gtat, gT, gB, 1) or 0
    return string.format(REPLY, 0, 2, gl, gw, gtat - now,
      dw, cl == 0 and 1 or 0, cl == 0 and ctat - now or 0,
      gdw, gl == 0 and 1 or 0, gl == 0 and gtat - now or 0)
  end
  ctat = ctat + permits * cT
  gtat = gtat + permits * gT
  save(KEYS[1], ctat)
  save(KEYS[2], gtat)
  local cl, gl = left(ctat, cT, cB), left(gtat, gT, gB)
  local dw = cl == 0 and waitFor(ctat, cT, cB, 1) or 0
  local gdw = gl == 0 and waitFor(gtat, gT, gB, 1) or 0
  local global = gl < cl
  return string.format(REPLY, 1, global and 2 or 1, global and gl or cl, 0,
    global and gtat - now or ctat - now,
    dw, cl == 0 and 1 or 0, cl == 0 and ctat - now or 0,
    gdw, gl == 0 and 1 or 0, gl == 0 and gtat - now or 0)
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

-- One level: its key's state and its limits (ARGV[first], ARGV[first + 1], ... n pairs), with the
-- operations rate_limit.lua defines for one key.
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
    redis.call('SET', key, text, 'PX', math.ceil(ttl / 1000) + ttlPadMs)
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

local REPLY = '%d %d %d %d %d %d %d %d %d %d %d %d'
local clientState, globalState
if KEYS[2] == nil then
  clientState = redis.call('GET', KEYS[1])
else
  local both = redis.call('MGET', KEYS[1], KEYS[2])
  clientState, globalState = both[1], both[2]
end
local client = level(KEYS[1], clientState, 6, clientLimits)
local longest, chosen = client.decide(permits)
if longest ~= 0 then
  if client.fresh then client.save() end
  local cw, ca, cr = client.deny()
  return string.format(REPLY, 0, 1, chosen, client.remaining(chosen),
    longest == NEVER and -1 or longest, client.reset(chosen), cw, ca, cr, 0, 0, 0)
end

if KEYS[2] == nil then
  client.apply(permits)
  client.save()
  local left, at = client.fewest()
  local cw, ca, cr = client.deny()
  return string.format(REPLY, 1, 1, at, left, 0, client.reset(at), cw, ca, cr, 0, 0, 0)
end

local global = level(KEYS[2], globalState, 6 + 2 * clientLimits, (#ARGV - 5 - 2 * clientLimits) / 2)
local gLongest, gChosen = global.decide(permits)
if gLongest ~= 0 then
  if client.fresh then client.save() end
  if global.fresh then global.save() end
  local cw, ca, cr = client.deny()
  local gw, ga, gr = global.deny()
  return string.format(REPLY, 0, 2, gChosen, global.remaining(gChosen),
    gLongest == NEVER and -1 or gLongest, global.reset(gChosen), cw, ca, cr, gw, ga, gr)
end

client.apply(permits)
global.apply(permits)
client.save()
global.save()
local cLeft, cAt = client.fewest()
local gLeft, gAt = global.fewest()
local cw, ca, cr = client.deny()
local gw, ga, gr = global.deny()
if gLeft < cLeft then
  return string.format(REPLY, 1, 2, gAt, gLeft, 0, global.reset(gAt), cw, ca, cr, gw, ga, gr)
end
return string.format(REPLY, 1, 1, cAt, cLeft, 0, client.reset(cAt), cw, ca, cr, gw, ga, gr)
