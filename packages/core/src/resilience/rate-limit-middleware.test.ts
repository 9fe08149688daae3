import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TpEvent } from '../events/event-bus.js';
import { countingTool, harness } from './__fixtures__/resilience-harness.js';

describe('rate limit middleware', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reject mode: the call over the limit fails with TOOL_RATE_LIMITED and retryAfterMs', async () => {
    const { tool, stats } = countingTool('ping', () => 'pong');
    const { run } = harness({ rateLimit: { global: { limit: 2, windowMs: 1000 } } }, tool);
    expect((await run('ping')).ok).toBe(true);
    vi.advanceTimersByTime(300);
    expect((await run('ping')).ok).toBe(true);
    const refused = await run('ping');
    expect(refused.error).toMatchObject({
      code: 'TOOL_RATE_LIMITED',
      retryAfterMs: 700,
      retryable: true,
    });
    expect(refused.attempts).toBe(0);
    expect(stats.invocations).toBe(2);
  });

  it('the window slides: a slot frees exactly windowMs after it was taken', async () => {
    const { tool } = countingTool('ping', () => 'pong');
    const { run } = harness({ rateLimit: { global: { limit: 1, windowMs: 1000 } } }, tool);
    await run('ping');
    vi.advanceTimersByTime(999);
    expect((await run('ping')).error?.retryAfterMs).toBe(1);
    vi.advanceTimersByTime(1);
    expect((await run('ping')).ok).toBe(true);
  });

  it('per-tool limits (by name or glob) apply on top of the global one', async () => {
    const a = countingTool('db_read', () => 1);
    const b = countingTool('other', () => 2);
    const { run } = harness(
      {
        rateLimit: {
          global: { limit: 3, windowMs: 1000 },
          tools: { 'db_*': { limit: 1, windowMs: 1000 } },
        },
      },
      a.tool,
      b.tool,
    );
    expect((await run('db_read')).ok).toBe(true);
    expect((await run('db_read')).error?.code).toBe('TOOL_RATE_LIMITED');
    // The refused call did not spend a global token: two more calls of another tool still fit.
    expect((await run('other')).ok).toBe(true);
    expect((await run('other')).ok).toBe(true);
    expect((await run('other')).error?.code).toBe('TOOL_RATE_LIMITED');
  });

  it('a per-tool rateLimit under tools[...] wins, and false exempts a tool', async () => {
    const a = countingTool('a', () => 1);
    const b = countingTool('b', () => 2);
    const { run } = harness(
      {
        rateLimit: { global: { limit: 1, windowMs: 1000 } },
        tools: { b: { rateLimit: false } },
      },
      a.tool,
      b.tool,
    );
    await run('a');
    expect((await run('a')).ok).toBe(false);
    for (let i = 0; i < 5; i++) expect((await run('b')).ok).toBe(true);
  });

  it('each tenant (context.tenant) gets its own window', async () => {
    const { tool } = countingTool('ping', () => 'pong');
    const { run } = harness({ rateLimit: { perTenant: { limit: 1, windowMs: 1000 } } }, tool);
    expect((await run('ping', {}, { context: { tenant: 'acme' } })).ok).toBe(true);
    expect((await run('ping', {}, { context: { tenant: 'acme' } })).ok).toBe(false);
    expect((await run('ping', {}, { context: { tenant: 'globex' } })).ok).toBe(true);
    expect((await run('ping')).ok).toBe(true);
  });

  it('wait mode queues the call until the window has room', async () => {
    const { tool, stats } = countingTool('ping', () => 'pong');
    const waits: number[] = [];
    const { run } = harness(
      {
        rateLimit: { global: { limit: 1, windowMs: 1000 }, mode: 'wait' },
        onEvent: (event: TpEvent) => {
          if (event.type === 'rate-limit:limited') waits.push(event.retryAfterMs);
        },
      },
      tool,
    );
    await run('ping');
    const waiting = run('ping');
    await vi.advanceTimersByTimeAsync(999);
    expect(stats.invocations).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await waiting).ok).toBe(true);
    expect(waits).toEqual([1000]);
  });

  it('wait mode never waits past the deadline: it fails at once instead', async () => {
    const { tool } = countingTool('ping', () => 'pong');
    const { run } = harness(
      { rateLimit: { global: { limit: 1, windowMs: 5000 }, mode: 'wait' } },
      tool,
    );
    await run('ping');
    const start = Date.now();
    const refused = await run('ping', {}, { timeoutMs: 1000 });
    expect(refused.error?.code).toBe('TOOL_RATE_LIMITED');
    expect(Date.now()).toBe(start);
  });

  it('wait mode: cancelling a waiting call ends it with TOOL_CANCELLED', async () => {
    const { tool, stats } = countingTool('ping', () => 'pong');
    const { run } = harness(
      { rateLimit: { global: { limit: 1, windowMs: 5000 }, mode: 'wait' } },
      tool,
    );
    await run('ping');
    const controller = new AbortController();
    const waiting = run('ping', {}, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect((await waiting).error?.code).toBe('TOOL_CANCELLED');
    expect(stats.invocations).toBe(1);
  });

  it('a dry run reports the refusal without spending a token', async () => {
    const { tool } = countingTool('ping', () => 'pong');
    const { run, processor } = harness(
      { rateLimit: { global: { limit: 1, windowMs: 1000 } } },
      tool,
    );
    const call = [{ id: 'd', tool: 'ping', arguments: {} }];
    const [before] = await processor.execute(call, { dryRun: true });
    expect(before?.value).toMatchObject({ wouldRun: true });
    await run('ping');
    const [after] = await processor.execute(call, { dryRun: true });
    expect(after?.value).toMatchObject({ wouldRun: false, rejectedBy: 'rate-limit' });
  });
});
