import { luaScript } from './lua-script.js';

// An entry is a hash { v: JSON text ('' for undefined), t: its tag } with the entry's TTL; a tag
// is a set of entry keys. Removals are published as JSON { origin, key? , tag? } on the channel.

/** KEYS[1]: entry. Returns { value, tag, remaining ms } or nil. */
export const cacheGet = luaScript(`
local entry = redis.call('HMGET', KEYS[1], 'v', 't')
if not entry[1] then return nil end
return { entry[1], entry[2], redis.call('PTTL', KEYS[1]) }
`);

/**
 * KEYS: entry, its tag set. ARGV: value, tag, ttl ms, channel, message, tag-set key prefix. Moves
 * the entry to its new tag and tells the other instances it changed.
 */
export const cacheSet = luaScript(`
local previous = redis.call('HGET', KEYS[1], 't')
if previous and previous ~= ARGV[2] then redis.call('SREM', ARGV[6] .. previous, KEYS[1]) end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 't', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], KEYS[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1
`);

/** KEYS[1]: entry. ARGV: tag-set key prefix, channel, message. Returns 1 when it existed. */
export const cacheDelete = luaScript(`
local tag = redis.call('HGET', KEYS[1], 't')
if not tag then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[1] .. tag, KEYS[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`);

/** KEYS[1]: tag set. ARGV: the tag, channel, message. Returns how many live entries it removed. */
export const cacheDeleteTag = luaScript(`
local removed = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('HGET', key, 't') == ARGV[1] then
    redis.call('DEL', key)
    removed = removed + 1
  end
end
redis.call('DEL', KEYS[1])
if removed > 0 then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
return removed
`);
