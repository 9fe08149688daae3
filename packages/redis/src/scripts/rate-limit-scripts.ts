import { luaScript, SERVER_NOW } from './lua-script.js';

/**
 * Sliding logs, one sorted set per rule (member: acquisition id, score: server time in ms).
 * KEYS: the rules' keys. ARGV: mode ('acquire' | 'peek'), acquisition id, then limit and window
 * of each rule. Checks every rule, then records in all of them or in none. Returns 0 when
 * allowed, otherwise the wait in ms as a string (so its fraction survives).
 */
export const slidingWindow = luaScript(`${SERVER_NOW}
local now = server_now()
local wait = 0
for index, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[1 + index * 2])
  local window = tonumber(ARGV[2 + index * 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local leaving = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    local until_free = tonumber(leaving[2]) + window - now
    if until_free > wait then wait = until_free end
  end
end
if wait > 0 then return tostring(wait) end
if ARGV[1] == 'acquire' then
  for index, key in ipairs(KEYS) do
    local window = tonumber(ARGV[2 + index * 2])
    redis.call('ZADD', key, now, ARGV[2])
    redis.call('PEXPIRE', key, math.ceil(window))
  end
end
return 0
`);
