import { createProcessor, createRegistry, type ProcessorOptions } from '@tp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, fixtureServer } from '../__fixtures__/peers.js';
import { createStreamManager, type StreamManager } from './stream-manager.js';

const managers: StreamManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

/** Two fixture servers, `a` and `b`, behind one processor with the given resilience options. */
async function twoServers(
  resilience: Omit<ProcessorOptions, 'registry' | 'runtimes'>,
  aConfig: { maxConcurrency?: number } = {},
) {
  const registry = createRegistry();
  const server = { command: process.execPath, args: [fixtureServer] };
  const manager = createStreamManager({
    registry,
    snapshotStore: false,
    killGraceMs: 1000,
    servers: { a: { ...server, ...aConfig }, b: server },
  });
  managers.push(manager);
  await manager.start();
  expect(manager.status().a?.state).toBe('ready');
  expect(manager.status().b?.state).toBe('ready');
  const processor = createProcessor({ registry, runtimes: [manager.runtime], ...resilience });
  const run = async (tool: string, args: Record<string, unknown>, signal?: AbortSignal) => {
    const [result] = await processor.execute(
      [{ id: tool, tool, arguments: args }],
      signal ? { signal } : {},
    );
    return result!;
  };
  return { manager, registry, run };
}

describe('StreamManager tools under the processor’s breaker and bulkhead', () => {
  it('imports tools with their server as resilience group, with its maxConcurrency', async () => {
    const { registry } = await twoServers({}, { maxConcurrency: 2 });
    expect(registry.get('a.echo')?.resilienceGroup).toEqual({ name: 'a', maxConcurrency: 2 });
    expect(registry.get('b.echo')?.resilienceGroup).toEqual({ name: 'b' });
  });

  it('one failing server opens one breaker for all its tools; other servers still run; a per-tool override keeps its own', async () => {
    const { manager, run } = await twoServers({
      circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 600_000 },
      tools: { 'a.slow': { circuitBreaker: { failureThreshold: 50 } } },
    });
    for (let i = 0; i < 3; i++) {
      expect((await run('a.fail', { message: `boom ${i}` })).error?.code).toBe(
        'TOOL_EXECUTION_FAILED',
      );
    }
    const refused = await run('a.echo', { text: 'hi' });
    expect(refused.error).toMatchObject({
      code: 'TOOL_CIRCUIT_OPEN',
      category: 'circuit_open',
      details: { group: 'a' },
    });
    expect(refused.attempts).toBe(0);
    // Refused before reaching the server.
    expect(manager.status().a?.calls.total).toBe(3);

    expect(await run('b.echo', { text: 'still here' })).toMatchObject({
      ok: true,
      value: 'still here',
    });
    expect((await run('b.fail', { message: 'own breaker' })).error?.code).toBe(
      'TOOL_EXECUTION_FAILED',
    );
    // a.slow has its own circuitBreaker entry, so its own breaker, closed.
    expect(await run('a.slow', { ms: 1 })).toMatchObject({ ok: true, value: 'done' });
  });

  it('maxConcurrency on the server config is the bulkhead of its tools; other servers are not held', async () => {
    const { manager, run } = await twoServers(
      { bulkhead: { queueSize: 0 } },
      { maxConcurrency: 1 },
    );
    const holder = new AbortController();
    const held = run('a.slow', { ms: 120_000 }, holder.signal);
    try {
      // The slot is held from before the call reaches the server until it ends.
      await eventually(() => manager.status().a?.calls.inFlight === 1);
      expect((await run('a.echo', { text: 'probe' })).error).toMatchObject({
        code: 'BULKHEAD_FULL',
        details: { reason: 'queue_full' },
      });
      expect(await run('b.echo', { text: 'free' })).toMatchObject({ ok: true, value: 'free' });
    } finally {
      holder.abort();
    }
    expect((await held).error?.code).toBe('TOOL_CANCELLED');
    expect(await run('a.echo', { text: 'again' })).toMatchObject({ ok: true, value: 'again' });
  });

  it('bulkhead.groups overrides the server config', async () => {
    const { manager, run } = await twoServers(
      { bulkhead: { queueSize: 0, groups: { a: 2 } } },
      { maxConcurrency: 1 },
    );
    const holder = new AbortController();
    const held = run('a.slow', { ms: 120_000 }, holder.signal);
    try {
      await eventually(() => manager.status().a?.calls.inFlight === 1);
      // With a limit of 2, a second call still runs next to the held one.
      expect(await run('a.echo', { text: 'second' })).toMatchObject({ ok: true });
    } finally {
      holder.abort();
    }
    expect((await held).error?.code).toBe('TOOL_CANCELLED');
  });
});
