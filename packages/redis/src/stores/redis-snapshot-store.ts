import type { SnapshotStoreV1 } from '@tp/core';
import type { RedisConnection } from '../connection.js';
import type { KeySpace } from './key-space.js';

/** Whole JSON documents under `snap:<name>` (MCP schema snapshots, shared tool lists). */
export function createRedisSnapshotStore<Snapshot = unknown>(
  connection: RedisConnection,
  keys: KeySpace,
): SnapshotStoreV1<Snapshot> {
  return {
    specificationVersion: 'v1',
    async load(name) {
      const json = await connection.run((client) => client.get(keys.snapshot(name)));
      return json === null ? undefined : (JSON.parse(json) as Snapshot);
    },
    async save(name, snapshot) {
      await connection.run((client) => client.set(keys.snapshot(name), JSON.stringify(snapshot)));
    },
  };
}
