import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryCacheStore } from './memory-cache-store.js';

describe('createMemoryCacheStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('evicts the least recently used entry, a read counting as a use', () => {
    const store = createMemoryCacheStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) store.set(key, key, 1000, 't');
    store.get('a');
    store.set('d', 'd', 1000, 't');
    expect(store.get('b')).toBeUndefined();
    store.set('e', 'e', 1000, 't');
    expect(store.get('c')).toBeUndefined();
    expect(
      ['a', 'd', 'e'].map((key) => (store.get(key) as { value: unknown } | undefined)?.value),
    ).toEqual(['a', 'd', 'e']);
  });

  it('overwriting refreshes value, ttl, recency and tag', () => {
    const store = createMemoryCacheStore({ maxEntries: 2 });
    store.set('a', 1, 100, 'old');
    store.set('b', 2, 1000, 'old');
    store.set('a', 3, 1000, 'new');
    store.set('c', 4, 1000, 'new');
    expect(store.get('b')).toBeUndefined();
    vi.advanceTimersByTime(500);
    expect((store.get('a') as { value: unknown }).value).toBe(3);
    expect(store.deleteTag('old')).toBe(0);
    expect(store.deleteTag('new')).toBe(2);
    expect(store.get('c')).toBeUndefined();
  });

  it('expires at exactly ttlMs and forgets expired entries on read', () => {
    const store = createMemoryCacheStore();
    store.set('a', 1, 1000, 't');
    vi.advanceTimersByTime(999);
    expect(store.get('a')).toBeDefined();
    vi.advanceTimersByTime(1);
    expect(store.get('a')).toBeUndefined();
    expect(store.delete('a')).toBe(false);
    expect(store.deleteTag('t')).toBe(0);
  });
});
