import type { CacheStoreV1 } from '../../contracts/stores/v1/cache-store.js';

export interface MemoryCacheStoreOptions {
  /** Entries kept; the least recently used goes first (default 1000). */
  readonly maxEntries?: number;
}

/** An entry, linked in recency order (a Map's own order would need delete + re-insert per hit). */
interface Entry {
  readonly key: string;
  /** The value as JSON text (undefined for `undefined`): every hit parses its own copy. */
  json: string | undefined;
  expiresAt: number;
  tag: string;
  newer: Entry | undefined;
  older: Entry | undefined;
}

export const DEFAULT_CACHE_MAX_ENTRIES = 1000;

/**
 * A bounded LRU with per-entry TTL; every operation O(1) (deleteTag: O(entries of the tag)).
 * Synchronous. Values are kept as JSON text, as a remote store keeps them: a hit hands out a fresh
 * copy, never the stored value itself.
 */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): CacheStoreV1 {
  const maxEntries = options.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES;
  const entries = new Map<string, Entry>();
  const tags = new Map<string, Set<string>>();
  let newest: Entry | undefined;
  let oldest: Entry | undefined;

  const unlink = (entry: Entry) => {
    if (entry.newer) entry.newer.older = entry.older;
    else newest = entry.older;
    if (entry.older) entry.older.newer = entry.newer;
    else oldest = entry.newer;
    entry.newer = entry.older = undefined;
  };
  const pushNewest = (entry: Entry) => {
    entry.older = newest;
    if (newest) newest.newer = entry;
    newest = entry;
    oldest ??= entry;
  };
  const untag = (entry: Entry) => {
    const keys = tags.get(entry.tag);
    if (!keys) return;
    keys.delete(entry.key);
    if (keys.size === 0) tags.delete(entry.tag);
  };
  const remove = (entry: Entry) => {
    entries.delete(entry.key);
    unlink(entry);
    untag(entry);
  };

  return {
    specificationVersion: 'v1',
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        remove(entry);
        return undefined;
      }
      if (entry !== newest) {
        unlink(entry);
        pushNewest(entry);
      }
      return { value: entry.json === undefined ? undefined : JSON.parse(entry.json) };
    },
    set(key, value, ttlMs, tag) {
      const json = JSON.stringify(value) as string | undefined;
      const expiresAt = Date.now() + ttlMs;
      const existing = entries.get(key);
      if (existing) {
        untag(existing);
        unlink(existing);
        existing.json = json;
        existing.expiresAt = expiresAt;
        existing.tag = tag;
        pushNewest(existing);
      } else {
        const entry: Entry = { key, json, expiresAt, tag, newer: undefined, older: undefined };
        entries.set(key, entry);
        pushNewest(entry);
        if (entries.size > maxEntries) remove(oldest!);
      }
      let keys = tags.get(tag);
      if (!keys) tags.set(tag, (keys = new Set()));
      keys.add(key);
    },
    delete(key) {
      const entry = entries.get(key);
      if (!entry) return false;
      remove(entry);
      return true;
    },
    deleteTag(tag) {
      const keys = tags.get(tag);
      if (!keys) return 0;
      let removed = 0;
      for (const key of [...keys]) {
        const entry = entries.get(key);
        if (entry) {
          remove(entry);
          removed++;
        }
      }
      tags.delete(tag);
      return removed;
    },
    dispose() {
      entries.clear();
      tags.clear();
      newest = oldest = undefined;
    },
  };
}
