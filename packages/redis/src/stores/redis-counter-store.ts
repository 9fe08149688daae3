import type { CounterStoreV1 } from '@tp/core';
import type { RedisConnection } from '../connection.js';
import { counterAdd } from '../scripts/counter-scripts.js';
import type { KeySpace } from './key-space.js';

/** Totals on Redis; `add` checks the limit and adds in one Lua script. */
export function createRedisCounterStore(
  connection: RedisConnection,
  keys: KeySpace,
): CounterStoreV1 {
  return {
    specificationVersion: 'v1',
    async add(key, amount, limit) {
      const [added, total] = (await connection.run((client) =>
        counterAdd(client, [keys.counter(key)], [amount, limit ?? '']),
      )) as [number, string];
      return { added: added === 1, total: Number(total) };
    },
    async get(key) {
      return Number((await connection.run((client) => client.get(keys.counter(key)))) ?? 0);
    },
    async reset(key) {
      await connection.run((client) => client.del(keys.counter(key)));
    },
  };
}
