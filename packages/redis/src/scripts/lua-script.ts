import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type LuaArgument = string | number;

/** A Lua script run by its SHA (one round trip); loaded again after a server restart (NOSCRIPT). */
export type LuaScript = (
  client: Redis,
  keys: readonly string[],
  args: readonly LuaArgument[],
) => Promise<unknown>;

export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return (client, keys, args) =>
    client.evalsha(sha, keys.length, ...keys, ...args).catch((error: unknown) => {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(source, keys.length, ...keys, ...args);
    });
}

/** Server time in milliseconds (with microseconds as the fraction), shared by every script. */
export const SERVER_NOW = `
local function server_now()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
end
`;
