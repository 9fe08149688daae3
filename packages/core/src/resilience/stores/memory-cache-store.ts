import type { CacheEntry, CacheStoreV1 } from './cache-store.js';

export interface MemoryCacheStoreOptions {
  /** Entries kept; the least recently used goes first (default 1000). */
  readonly maxEntries?: number;
}

interface Entry extends CacheEntry {
  readonly expiresAt: number;
  readonly tag: string;
}

export const DEFAULT_CACHE_MAX_ENTRIES = 1000;

/** A bounded LRU with per-entry TTL; answers synchronously. */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): CacheStoreV1 {
  const maxEntries = options.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES;
  // Map iteration order is insertion order: re-inserting on a hit makes the first key the LRU one.
  const entries = new Map<string, Entry>();
  const tags = new Map<string, Set<string>>();

  const remove = (key: string, entry: Entry) => {
    entries.delete(key);
    const keys = tags.get(entry.tag);
    if (keys) {
      keys.delete(key);
      if (keys.size === 0) tags.delete(entry.tag);
    }
  };

  return {
    specificationVersion: 'v1',
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        remove(key, entry);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    set(key, value, ttlMs, tag) {
      const previous = entries.get(key);
      if (previous) remove(key, previous);
      entries.set(key, { value, expiresAt: Date.now() + ttlMs, tag });
      let keys = tags.get(tag);
      if (!keys) tags.set(tag, (keys = new Set()));
      keys.add(key);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        remove(oldest, entries.get(oldest)!);
      }
    },
    delete(key) {
      const entry = entries.get(key);
      if (!entry) return false;
      remove(key, entry);
      return true;
    },
    deleteTag(tag) {
      const keys = tags.get(tag);
      if (!keys) return 0;
      tags.delete(tag);
      for (const key of keys) entries.delete(key);
      return keys.size;
    },
  };
}
