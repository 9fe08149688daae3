import { luaScript } from './lua-script.js';

/** KEYS[1]: the total. ARGV: amount, limit ('' for none). Returns { added (0/1), total as a string }. */
export const counterAdd = luaScript(`
local total = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[1])
if ARGV[2] ~= '' and total + amount > tonumber(ARGV[2]) then return { 0, tostring(total) } end
return { 1, redis.call('INCRBYFLOAT', KEYS[1], ARGV[1]) }
`);
