import type { SlotStoreV1 } from '@tp/core';
import type { RedisConnection } from '../connection.js';
import { releaseSlot, slotsInUse, tryAcquireSlot } from '../scripts/slot-scripts.js';
import type { KeySpace } from './key-space.js';

/**
 * A leased distributed semaphore per key (sorted set of lease ids scored by expiry, server time):
 * a crashed holder's slot frees itself when its lease expires, and every release is published so
 * waiters in all processes (onRelease) try again at once. `now` is ignored.
 */
export function createRedisSlotStore(connection: RedisConnection, keys: KeySpace): SlotStoreV1 {
  return {
    specificationVersion: 'v1',
    async tryAcquire(limits, leaseId, leaseMs) {
      const taken = await connection.run((client) =>
        tryAcquireSlot(
          client,
          limits.map((limit) => keys.slot(limit.key)),
          [leaseId, leaseMs, ...limits.map((limit) => limit.limit)],
        ),
      );
      return taken === 1;
    },
    async release(limits, leaseId) {
      await connection.run((client) =>
        releaseSlot(
          client,
          limits.map((limit) => keys.slot(limit.key)),
          [leaseId, keys.slotReleasedChannel, ...limits.map((limit) => limit.key)],
        ),
      );
    },
    async inUse(key) {
      return (await connection.run((client) => slotsInUse(client, [keys.slot(key)], []))) as number;
    },
    onRelease(listener) {
      return connection.subscribe(keys.slotReleasedChannel, (message) => {
        listener(JSON.parse(message) as string[]);
      });
    },
  };
}
