import { randomUUID } from 'node:crypto';
import {
  type CacheStoreV1,
  type CircuitStateStoreV1,
  ConfigurationError,
  type CounterStoreV1,
  type RateLimitStoreV1,
  type ResilienceStores,
  type SlotStoreV1,
  type SnapshotStoreV1,
} from '@tp/core';
import { Redis } from 'ioredis';
import { boundedClientOptions, createConnection } from './connection.js';
import { keySpace } from './stores/key-space.js';
import { createRedisCacheStore, type LocalCacheOptions } from './stores/redis-cache-store.js';
import { createRedisCircuitStateStore } from './stores/redis-circuit-state-store.js';
import { createRedisCounterStore } from './stores/redis-counter-store.js';
import { createRedisRateLimitStore } from './stores/redis-rate-limit-store.js';
import { createRedisSlotStore } from './stores/redis-slot-store.js';
import { createRedisSnapshotStore } from './stores/redis-snapshot-store.js';

export interface RedisStoresOptions {
  /** A client you own (you close it); or give `url`. */
  readonly client?: Redis;
  /** `redis://[user:password@]host:port[/db]`; the stores open and close their own client. */
  readonly url?: string;
  /** Namespace of every key and channel (default 'tp:'). Instances sharing state share it. */
  readonly prefix?: string;
  /** What each stage does when Redis fails (see docs/resilience.md); default: core's defaults. */
  readonly failMode?: ResilienceStores['failMode'];
  /** An in-process L1 in front of the cache (off by default). */
  readonly localCache?: LocalCacheOptions;
  /** A command without a reply after this long fails (default 1000). */
  readonly commandTimeoutMs?: number;
  /** Commands waiting while Redis is unreachable; beyond it they fail at once (default 1000). */
  readonly maxOfflineCommands?: number;
}

/** Every store contract of @tp/core on one Redis; pass it as `resilience.stores` as it is. */
export interface RedisStores extends ResilienceStores {
  readonly cache: CacheStoreV1;
  readonly rateLimit: RateLimitStoreV1;
  readonly circuit: CircuitStateStoreV1;
  readonly bulkhead: SlotStoreV1;
  /** Shared totals, e.g. `costBudgetGuard({ store: stores.counters })` from @tp/guards. */
  readonly counters: CounterStoreV1;
  /**
   * JSON documents by name: MCP schema snapshots (pass as `snapshotStore` to @tp/mcp's
   * createStreamManager, so every instance checks drift against the same accepted schemas), shared
   * tool lists. Typed by whoever reads them, hence `any`.
   */
  readonly snapshots: SnapshotStoreV1<any>;
  readonly prefix: string;
  readonly client: Redis;
  /** Closes the subscriber connection, and the client when it was opened from `url`. */
  dispose(): Promise<void>;
}

export function createRedisStores(options: RedisStoresOptions): RedisStores {
  if ((options.client === undefined) === (options.url === undefined)) {
    throw new ConfigurationError('client', 'give either a client or a url (exactly one)');
  }
  const prefix = options.prefix ?? 'tp:';
  if (typeof prefix !== 'string') throw new ConfigurationError('prefix', 'must be a string');
  if (options.failMode !== undefined && !validFailMode(options.failMode)) {
    throw new ConfigurationError(
      'failMode',
      "must be 'open', 'closed' or { cache, rateLimit, circuit, bulkhead } of those",
    );
  }
  const limits = {
    commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs, 1000),
    maxOfflineCommands: positive('maxOfflineCommands', options.maxOfflineCommands, 1000),
  };
  const client =
    options.client ??
    new Redis(options.url!, { ...boundedClientOptions(limits), lazyConnect: false });
  if (!options.client) {
    // Failures surface through the commands (and the stages' fail modes), not as crashes.
    client.on('error', () => {});
  }
  const connection = createConnection(client, options.client === undefined, limits);
  const keys = keySpace(prefix);
  const instanceId = randomUUID();
  const stores: RedisStores = {
    cache: createRedisCacheStore(connection, keys, instanceId, options.localCache),
    rateLimit: createRedisRateLimitStore(connection, keys, instanceId),
    circuit: createRedisCircuitStateStore(connection, keys),
    bulkhead: createRedisSlotStore(connection, keys),
    counters: createRedisCounterStore(connection, keys),
    snapshots: createRedisSnapshotStore(connection, keys),
    ...(options.failMode === undefined ? {} : { failMode: options.failMode }),
    prefix,
    client,
    dispose: () => connection.dispose(),
  };
  return stores;
}

function positive(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(field, 'must be a positive number');
  }
  return value;
}

function validFailMode(value: unknown): boolean {
  const mode = (entry: unknown) => entry === 'open' || entry === 'closed';
  if (mode(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).every(
    ([stage, entry]) =>
      ['cache', 'rateLimit', 'circuit', 'bulkhead'].includes(stage) &&
      (entry === undefined || mode(entry)),
  );
}
