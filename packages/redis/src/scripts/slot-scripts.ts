import { luaScript, SERVER_NOW } from './lua-script.js';

/**
 * Leased slots, one sorted set per limit (member: lease id, score: expiry in server ms).
 * KEYS: the limits' keys. ARGV: lease id, lease ms, then each limit. Takes a slot under every
 * limit or under none (expired leases are dropped first). Returns 1 when taken.
 */
export const tryAcquireSlot = luaScript(`${SERVER_NOW}
local now = server_now()
for index, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if redis.call('ZCARD', key) >= tonumber(ARGV[2 + index]) then return 0 end
end
local lease_ms = tonumber(ARGV[2])
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + lease_ms, ARGV[1])
  if redis.call('PTTL', key) < lease_ms then redis.call('PEXPIRE', key, math.ceil(lease_ms)) end
end
return 1
`);

/**
 * KEYS: the limits' keys. ARGV: lease id, the channel, then the keys as the stages named them.
 * Removes the lease and, when it held anything, publishes the released keys (JSON) in the same
 * step, so waiters in other processes try again at once.
 */
export const releaseSlot = luaScript(`
local released = {}
for index, key in ipairs(KEYS) do
  if redis.call('ZREM', key, ARGV[1]) == 1 then released[#released + 1] = ARGV[2 + index] end
end
if #released > 0 then redis.call('PUBLISH', ARGV[2], cjson.encode(released)) end
return #released
`);

/** KEYS[1]: one limit's key. Leases held now (expired ones dropped). */
export const slotsInUse = luaScript(`${SERVER_NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', server_now())
return redis.call('ZCARD', KEYS[1])
`);
