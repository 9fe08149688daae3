import type { CircuitAdmission, CircuitRecord, CircuitStateStoreV1 } from '@tp/core';
import type { RedisConnection } from '../connection.js';
import { circuitStep } from '../scripts/circuit-scripts.js';
import type { KeySpace } from './key-space.js';

/**
 * Breakers on Redis: each step of core's state machine is one Lua script on server time, so a
 * breaker opened by one instance refuses calls in all of them. `now` is ignored.
 */
export function createRedisCircuitStateStore(
  connection: RedisConnection,
  keys: KeySpace,
): CircuitStateStoreV1 {
  const step = (key: string, args: readonly string[]) =>
    connection.run((client) => circuitStep(client, [keys.circuit(key)], args)) as Promise<string>;
  return {
    specificationVersion: 'v1',
    async admit(key, policy) {
      return JSON.parse(await step(key, ['admit', JSON.stringify(policy)])) as CircuitAdmission;
    },
    async peek(key, policy) {
      return JSON.parse(await step(key, ['peek', JSON.stringify(policy)])) as CircuitAdmission;
    },
    async settle(key, policy, admission, result) {
      const { state, generation, probeExpiresAt } = admission;
      const transition = await step(key, [
        'settle',
        JSON.stringify(policy),
        JSON.stringify({ state, generation, probeExpiresAt }),
        result,
      ]);
      return transition === '' ? undefined : JSON.parse(transition);
    },
    async get(key) {
      const raw = await connection.run((client) => client.hget(keys.circuit(key), 'r'));
      if (raw === null) return undefined;
      const record = JSON.parse(raw) as CircuitRecord;
      // Lua's JSON encoder writes an empty list as {}.
      if (!Array.isArray(record.probeLeases)) record.probeLeases = [];
      return record;
    },
    async reset(key) {
      await connection.run((client) => client.del(keys.circuit(key)));
    },
  };
}
