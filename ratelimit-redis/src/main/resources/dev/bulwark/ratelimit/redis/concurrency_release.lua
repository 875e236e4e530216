-- Bulwark: give back a lease taken by concurrency_acquire.lua.
--
-- KEYS[1]  the key's lease set
-- KEYS[2]  the limiter's total lease set
-- ARGV[1]  the lease's id
--
-- Returns 1 if the lease was still held, 0 if it had expired (or was already released).

local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return removed
