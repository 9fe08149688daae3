import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachedResolver } from './cached-resolver.js';

afterEach(() => {
  vi.useRealTimers();
});

function counting(answer: (host: string) => Promise<readonly string[]>) {
  const asked: string[] = [];
  const resolve = (host: string) => {
    asked.push(host);
    return answer(host);
  };
  return { asked, resolve };
}

describe('cachedResolver', () => {
  it('asks once per host within the time to live, again after it', async () => {
    vi.useFakeTimers();
    const { asked, resolve } = counting(async () => ['93.184.215.14']);
    const cached = cachedResolver(resolve, { timeoutMs: 1_000, ttlMs: 30_000 });
    expect(await cached('a.test')).toEqual(['93.184.215.14']);
    expect(await cached('a.test')).toEqual(['93.184.215.14']);
    expect(await cached('b.test')).toEqual(['93.184.215.14']);
    expect(asked).toEqual(['a.test', 'b.test']);
    vi.advanceTimersByTime(30_001);
    await cached('a.test');
    expect(asked).toEqual(['a.test', 'b.test', 'a.test']);
  });

  it('fails a lookup that takes longer than the limit, and remembers the failure', async () => {
    vi.useFakeTimers();
    const { asked, resolve } = counting(() => new Promise(() => {}));
    const cached = cachedResolver(resolve, { timeoutMs: 1_000, ttlMs: 30_000 });
    const first = cached('slow.test');
    const outcome = expect(first).rejects.toThrow(/took over 1000 ms/);
    vi.advanceTimersByTime(1_000);
    await outcome;
    await expect(cached('slow.test')).rejects.toThrow(/took over 1000 ms/);
    expect(asked).toEqual(['slow.test']);
  });

  it('turns a resolver that throws synchronously into a failed lookup', async () => {
    const cached = cachedResolver(
      () => {
        throw new Error('broken resolver');
      },
      { timeoutMs: 1_000, ttlMs: 30_000 },
    );
    await expect(cached('x.test')).rejects.toThrow('broken resolver');
  });
});
