import type { RateLimitDecision, RateLimitStoreV1 } from '@tp/core';
import type { RedisConnection } from '../connection.js';
import { slidingWindow } from '../scripts/rate-limit-scripts.js';
import type { KeySpace } from './key-space.js';

const ALLOWED: RateLimitDecision = Object.freeze({ allowed: true, retryAfterMs: 0 });

/**
 * Exact sliding windows on Redis: one Lua script per check (one round trip), on server time, so
 * every instance shares each window. `now` is ignored.
 */
export function createRedisRateLimitStore(
  connection: RedisConnection,
  keys: KeySpace,
  instanceId: string,
): RateLimitStoreV1 {
  let sequence = 0;
  const decide = async (
    mode: 'acquire' | 'peek',
    rules: Parameters<RateLimitStoreV1['acquire']>[0],
  ): Promise<RateLimitDecision> => {
    const args: (string | number)[] = [mode, `${instanceId}:${++sequence}`];
    for (const rule of rules) args.push(rule.limit, rule.windowMs);
    const wait = (await connection.run((client) =>
      slidingWindow(
        client,
        rules.map((rule) => keys.rateLimit(rule.key)),
        args,
      ),
    )) as 0 | string;
    return wait === 0 ? ALLOWED : { allowed: false, retryAfterMs: Number(wait) };
  };
  return {
    specificationVersion: 'v1',
    acquire: (rules) => decide('acquire', rules),
    peek: (rules) => decide('peek', rules),
    async reset(key) {
      await connection.run((client) => client.del(keys.rateLimit(key)));
    },
  };
}
