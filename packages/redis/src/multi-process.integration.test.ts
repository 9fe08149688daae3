import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InstanceProcess, startInstance } from './__fixtures__/instance-process.js';
import { type RedisServer, startRedisServer } from './__fixtures__/redis-server.js';

const calls = (tool: string, count: number, args: Record<string, unknown> = {}) =>
  Array.from({ length: count }, () => ({ id: randomUUID(), tool, arguments: args }));

describe('two processor processes sharing one Redis', () => {
  let server: RedisServer;
  let one: InstanceProcess;
  let two: InstanceProcess;

  beforeAll(async () => {
    server = await startRedisServer();
    const prefix = `multi-${randomUUID()}:`;
    [one, two] = await Promise.all([
      startInstance(server.url, prefix),
      startInstance(server.url, prefix),
    ]);
  });
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await server?.stop();
  });

  it('a 10/s limit holds across both', async () => {
    const [first, second] = await Promise.all([
      one.execute(calls('tick', 15)),
      two.execute(calls('tick', 15)),
    ]);
    const all = [...first, ...second];
    // With a window per instance, 20 would have passed.
    expect(all.filter((result) => result.ok)).toHaveLength(10);
    expect(all.filter((result) => result.error?.code === 'TOOL_RATE_LIMITED')).toHaveLength(20);
    const waitMs = Math.max(...all.map((result) => result.error?.retryAfterMs ?? 0));
    await new Promise((resolve) => setTimeout(resolve, waitMs + 20));
    expect((await two.execute(calls('tick', 1)))[0]?.ok).toBe(true);
  });

  it('a breaker opened in one is seen in the other', async () => {
    const failures = await one.execute([
      ...calls('flaky', 1, { fail: true }),
      ...calls('flaky', 1, { fail: true }),
    ]);
    expect(failures.map((result) => result.error?.code)).toEqual([
      'TOOL_EXECUTION_FAILED',
      'TOOL_EXECUTION_FAILED',
    ]);
    const [refused] = await two.execute(calls('flaky', 1, { fail: false }));
    expect(refused?.error?.code).toBe('TOOL_CIRCUIT_OPEN');
    expect(refused?.error?.retryAfterMs).toBeGreaterThan(50_000);
  });

  it('a cache entry written by one is a hit in the other, and invalidation reaches both', async () => {
    const [computed] = await one.execute(calls('lookup', 1, { q: 7 }));
    expect(computed).toMatchObject({ ok: true, cached: false, value: { q: 7, pid: one.pid } });
    // The result is stored as it is returned, not before: give the write its round trip.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [hit] = await two.execute(calls('lookup', 1, { q: 7 }));
    expect(hit).toMatchObject({ ok: true, cached: true, value: { q: 7, pid: one.pid } });
    // Both now hold the entry in their L1; the one instance's hit comes from there.
    expect((await one.execute(calls('lookup', 1, { q: 7 })))[0]?.cached).toBe(true);
    expect(await two.invalidate('lookup')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [again] = await one.execute(calls('lookup', 1, { q: 7 }));
    expect(again).toMatchObject({ ok: true, cached: false, value: { pid: one.pid } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [shared] = await two.execute(calls('lookup', 1, { q: 7 }));
    expect(shared).toMatchObject({ cached: true, value: { pid: one.pid } });
    // The same computation: the entry one wrote after the invalidation.
    expect(shared?.value).toEqual(again?.value);
  });

  it('a bulkhead of 3 holds across both', async () => {
    const [first, second] = await Promise.all([
      one.execute(calls('slow', 5, { ms: 150 })),
      two.execute(calls('slow', 5, { ms: 150 })),
    ]);
    const all = [...first, ...second];
    expect(all.every((result) => result.ok)).toBe(true);
    const spans = all.map((result) => result.value as { start: number; end: number });
    const mostAtOnce = Math.max(
      ...spans.map(
        ({ start }) => spans.filter((span) => span.start <= start && start < span.end).length,
      ),
    );
    expect(mostAtOnce).toBe(3);
  });
});
