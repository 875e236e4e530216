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

-- (Lua's arithmetic converts TIME's two strings itself: cheaper than two calls of tonumber. Each
-- string-to-number conversion is a strtod, so the usual one permit, no TTL pad and one client limit
-- are recognised by comparing strings, which are interned: one pointer comparison.)
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = t[1] * 1000000 + t[2]
else
  now = tonumber(ARGV[1])
end
local permits = ARGV[2] == '1' and 1 or tonumber(ARGV[2])
local algorithm = ARGV[3]
local ttlPadMs = ARGV[4] == '0' and 0 or tonumber(ARGV[4])
local clientLimits = ARGV[5] == '1' and 1 or tonumber(ARGV[5])
local NEVER = math.huge

-- Fast path: token buckets with one limit per level, the default shape. The general code below
-- specialised to n = 1 per level; the contract suites pin both paths to the same expectations.
-- The common case, a grant with permits left on every level, runs straight through with no
-- closures or tables of its own; everything else (a refusal, a level left empty) falls through to
-- helper functions after it.
if algorithm == 'g' and clientLimits == 1
    and ((#ARGV == 7 and KEYS[2] == nil) or (#ARGV == 9 and KEYS[2] ~= nil)) then
  local cT, cB = tonumber(ARGV[6]), tonumber(ARGV[7])
  local ctat, gtat, gT, gB
  if KEYS[2] == nil then
    ctat = tonumber(redis.call('GET', KEYS[1]) or now) or now
  else
    local both = redis.call('MGET', KEYS[1], KEYS[2])
    ctat = tonumber(both[1] or now) or now
    gtat = tonumber(both[2] or now) or now
    if gtat < now then gtat = now end
    gT, gB = tonumber(ARGV[8]), tonumber(ARGV[9])
  end
  if ctat < now then ctat = now end
  -- The wait for the permits on each level (-1: more than the burst, never; 0: granted), the
  -- global level's only when the client level grants (else gw stays 0, unused).
  local cw, gw = -1, 0
  if permits <= cB then
    cw = ctat + permits * cT - now - cB * cT
    if cw < 0 then cw = 0 end
  end
  if cw == 0 and gtat ~= nil then
    gw = -1
    if permits <= gB then
      gw = gtat + permits * gT - now - gB * gT
      if gw < 0 then gw = 0 end
    end
  end
  if cw == 0 and gw == 0 then
    -- Granted: take the permits on every level and write each level's new state, its TTL the
    -- time until the level is full again in whole milliseconds rounded up, both
    -- formatted with '%d' (a number handed to Redis would be formatted with '%.17g', slower).
    ctat = ctat + permits * cT
    local ttl = (ctat - now + 999) / 1000
    ttl = ttl - ttl % 1 + ttlPadMs
    redis.call('SET', KEYS[1], string.format('%d', ctat), 'PX', string.format('%d', ttl))
    -- The client level's permits left: floor((burst span - backlog) / interval), exactly.
    local free = cB * cT - (ctat - now)
    local cl = ctat > now and 0 or cB
    if ctat > now and free > 0 then
      cl = math.floor(free / cT)
      if cl * cT > free then cl = cl - 1 elseif (cl + 1) * cT <= free then cl = cl + 1 end
    end
    if gtat == nil then
      -- The common reply formats only the numbers that are not zero or one.
      if cl > 0 then return string.format('1 1 1 %d 0 %d 0 0 0 0 0 0', cl, ctat - now) end
    else
      gtat = gtat + permits * gT
      ttl = (gtat - now + 999) / 1000
      ttl = ttl - ttl % 1 + ttlPadMs
      redis.call('SET', KEYS[2], string.format('%d', gtat), 'PX', string.format('%d', ttl))
      free = gB * gT - (gtat - now)
      local gl = gtat > now and 0 or gB
      if gtat > now and free > 0 then
        gl = math.floor(free / gT)
        if gl * gT > free then gl = gl - 1 elseif (gl + 1) * gT <= free then gl = gl + 1 end
      end
      if cl > 0 and gl > 0 then -- the fewer permits left describe the grant
        if gl < cl then return string.format('1 2 1 %d 0 %d 0 0 0 0 0 0', gl, gtat - now) end
        return string.format('1 1 1 %d 0 %d 0 0 0 0 0 0', cl, ctat - now)
      end
    end
  end
  -- A refusal (nothing written: a token bucket's absent key is a full bucket), or a grant that
  -- left a level without a single permit: the full reply, with deny triples.
  -- The wait for k permits (-1: more than the burst, never), the permits left.
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
  local REPLY = '%d %d 1 %d %d %d %d %d %d %d %d %d'
  local cl = left(ctat, cT, cB)
  local dw = cl == 0 and waitFor(ctat, cT, cB, 1) or 0
  if cw ~= 0 then
    return string.format(REPLY, 0, 1, cl, cw, ctat - now,
      dw, cl == 0 and 1 or 0, cl == 0 and ctat - now or 0, 0, 0, 0)
  end
  if gtat == nil then
    return string.format(REPLY, 1, 1, cl, 0, ctat - now,
      dw, cl == 0 and 1 or 0, cl == 0 and ctat - now or 0, 0, 0, 0)
  end
  local gl = left(gtat, gT, gB)
  local gdw = gl == 0 and waitFor(gtat, gT, gB, 1) or 0
  if gw ~= 0 then
    return string.format(REPLY, 0, 2, gl, gw, gtat - now,
      dw, cl == 0 and 1 or 0, cl == 0 and ctat - now or 0,
      gdw, gl == 0 and 1 or 0, gl == 0 and gtat - now or 0)
  end
  local global = gl < cl
  return string.format(REPLY, 1, global and 2 or 1, global and gl or cl, 0,
    global and gtat - now or ctat - now,
    dw, cl == 0 and 1 or 0, cl == 0 and ctat - now or 0,
    gdw, gl == 0 and 1 or 0, gl == 0 and gtat - now or 0)
end

-- #include level.lua

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
