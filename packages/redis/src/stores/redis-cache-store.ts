import type { CacheStoreV1 } from '@tp/core';
import type { RedisConnection } from '../connection.js';
import { cacheDelete, cacheDeleteTag, cacheGet, cacheSet } from '../scripts/cache-scripts.js';
import type { KeySpace } from './key-space.js';
import { LocalCache } from './local-cache.js';

export interface LocalCacheOptions {
  /** Entries kept in this process (default 1000). */
  readonly maxEntries?: number;
  /** Longest an entry is served from this process without asking Redis (default 5000). */
  readonly ttlMs?: number;
}

/** What instances tell each other when entries change: from whom, and which key or tag. */
interface Invalidation {
  readonly origin: string;
  readonly key?: string;
  readonly tag?: string;
}

/**
 * Results on Redis (a hash per entry: JSON value and tag; a set per tag), every write and removal
 * published so other instances drop their L1 copies. With `local`, hits are served from an
 * in-process L1 that is emptied whenever the subscription drops (invalidations published
 * meanwhile are lost) and refilled only once it is back.
 */
export function createRedisCacheStore(
  connection: RedisConnection,
  keys: KeySpace,
  instanceId: string,
  local?: LocalCacheOptions,
): CacheStoreV1 {
  const l1 = local ? new LocalCache(local.maxEntries ?? 1000, local.ttlMs ?? 5000) : undefined;
  // L1 serves only while the subscription is up; `invalidations` counts messages, so a read that
  // overlapped one does not put what may be an older value into L1.
  let l1Live = false;
  let invalidations = 0;
  if (l1) {
    connection.subscribe(keys.cacheInvalidatedChannel, (message) => {
      const { origin, key, tag } = JSON.parse(message) as Invalidation;
      if (origin === instanceId) return;
      invalidations++;
      if (key !== undefined) l1.delete(key);
      if (tag !== undefined) l1.deleteTag(tag);
    });
    connection.onSubscriberLost(() => {
      l1Live = false;
      l1.clear();
    });
    connection.onSubscriberReady(() => {
      l1Live = true;
    });
  }
  const announce = (change: Omit<Invalidation, 'origin'>) =>
    JSON.stringify({ origin: instanceId, ...change });
  const parse = (json: string) => (json === '' ? undefined : JSON.parse(json));

  return {
    specificationVersion: 'v1',
    async get(key) {
      const cached = l1Live ? l1?.get(key) : undefined;
      if (cached !== undefined) return { value: parse(cached) };
      const before = invalidations;
      const found = (await connection.run((client) =>
        cacheGet(client, [keys.cacheEntry(key)], []),
      )) as [string, string, number] | null;
      if (!found) return undefined;
      const [json, tag, remainingMs] = found;
      if (l1 && l1Live && before === invalidations && remainingMs > 0) {
        l1.set(key, json, tag, remainingMs);
      }
      return { value: parse(json) };
    },
    async set(key, value, ttlMs, tag) {
      const json = (JSON.stringify(value) as string | undefined) ?? '';
      await connection.run((client) =>
        cacheSet(
          client,
          [keys.cacheEntry(key), keys.cacheTagPrefix + tag],
          [
            json,
            tag,
            Math.max(1, Math.ceil(ttlMs)),
            keys.cacheInvalidatedChannel,
            announce({ key }),
            keys.cacheTagPrefix,
          ],
        ),
      );
      if (l1 && l1Live) l1.set(key, json, tag, ttlMs);
    },
    async delete(key) {
      l1?.delete(key);
      const removed = await connection.run((client) =>
        cacheDelete(
          client,
          [keys.cacheEntry(key)],
          [keys.cacheTagPrefix, keys.cacheInvalidatedChannel, announce({ key })],
        ),
      );
      return removed === 1;
    },
    async deleteTag(tag) {
      l1?.deleteTag(tag);
      return (await connection.run((client) =>
        cacheDeleteTag(
          client,
          [keys.cacheTagPrefix + tag],
          [tag, keys.cacheInvalidatedChannel, announce({ tag })],
        ),
      )) as number;
    },
  };
}
