import { describe, expect, it } from 'vitest';
import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import { createToolDefinition } from '../define-tool.js';
import { TpError } from '../errors/tp-error.js';
import { createProcessor } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';
import { countingTool, delay, harness } from '../resilience/__fixtures__/resilience-harness.js';
import { EVENTS_SPEC_VERSION, type TpEvent, type TpEventType } from './event-bus.js';

function record(processor: { events: { onAny(listener: (event: TpEvent) => void): unknown } }) {
  const events: TpEvent[] = [];
  processor.events.onAny((event) => events.push(event));
  const of = <Type extends TpEventType>(type: Type) =>
    events.filter((event): event is Extract<TpEvent, { type: Type }> => event.type === type);
  return { events, of };
}

describe('the processor events (contract v1)', () => {
  it('is version v1, and every event carries its type and a sub-millisecond epoch time', async () => {
    expect(EVENTS_SPEC_VERSION).toBe('v1');
    const { tool } = countingTool('ping', () => 'pong');
    const { processor } = harness({}, tool);
    const { events } = record(processor);
    const before = Date.now();
    await processor.execute([{ id: 'a', tool: 'ping', arguments: {} }]);
    const after = Date.now();
    expect(events.length).toBeGreaterThan(0);
    // Event time is timeOrigin + performance.now() (monotonic, sub-millisecond); the wall clock
    // Date.now() drifts from it by a few milliseconds over a process's life, so "an epoch time of
    // this moment" is checked with that slack, not to the millisecond.
    for (const event of events) {
      expect(event.time).toBeGreaterThanOrEqual(before - 50);
      expect(event.time).toBeLessThanOrEqual(after + 50);
    }
    const times = events.map((event) => event.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('frames a request with request:start (call count) and request:end (duration), calls inside', async () => {
    const { tool } = countingTool('ping', () => 'pong');
    const { processor } = harness({}, tool);
    const { events } = record(processor);
    await processor.execute(
      [
        { id: 'a', tool: 'ping', arguments: {} },
        { id: 'b', tool: 'ping', arguments: {} },
      ],
      { context: { requestId: 'req-1' } },
    );
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('request:start');
    expect(types.at(-1)).toBe('request:end');
    expect(events[0]).toMatchObject({ calls: 2, context: { requestId: 'req-1' } });
    expect(events.at(-1)).toMatchObject({
      durationMs: expect.any(Number),
      context: { requestId: 'req-1' },
    });
    expect(types.filter((type) => type === 'call:end')).toHaveLength(2);
  });

  it('frames a processBatch() run too, without a call count; a dry run is no request', async () => {
    const { tool } = countingTool('ping', () => 'pong');
    const { processor } = harness({}, tool);
    const { of } = record(processor);
    for await (const _ of processor.processBatch([{ id: 'a', tool: 'ping', arguments: {} }])) {
      // drain
    }
    expect(of('request:start')).toHaveLength(1);
    expect(of('request:start')[0]).not.toHaveProperty('calls');
    expect(of('request:end')).toHaveLength(1);
    await processor.execute([{ id: 'b', tool: 'ping', arguments: {} }], { dryRun: true });
    expect(of('request:start')).toHaveLength(1);
    expect(of('attempt:start')).toHaveLength(1);
  });

  it('call:start shows the validated arguments, unless a guard withholds them', async () => {
    const { tool } = countingTool('echo', () => 'ok');
    const keeper = {
      specificationVersion: 'v1' as const,
      name: 'keeper',
      withholds: (value: unknown) => JSON.stringify(value).includes('S3CR3T'),
      post: () => ({ verdict: 'allow' as const }),
    };
    const { processor } = harness({ guards: [keeper] }, tool);
    const { of } = record(processor);
    await processor.execute([
      { id: 'plain', tool: 'echo', arguments: { q: 'hello' } },
      { id: 'secret', tool: 'echo', arguments: { q: 'S3CR3T' } },
    ]);
    const starts = of('call:start');
    expect(starts.find((event) => event.callId === 'plain')?.arguments).toEqual({ q: 'hello' });
    expect(starts.find((event) => event.callId === 'secret')).not.toHaveProperty('arguments');
  });

  it('numbers the attempts of a retried call, with each duration and the failed one’s error', async () => {
    const { tool } = countingTool('flaky', async (n, _args, ctx) => {
      await delay(5, ctx.signal);
      if (n === 1) throw new TpError({ code: 'TOOL_EXECUTION_FAILED', message: 'first fails' });
      return 'ok';
    });
    const { processor } = harness(
      { retry: { maxAttempts: 3, baseDelayMs: 1, jitter: 'none' } },
      tool,
    );
    const { of } = record(processor);
    const [result] = await processor.execute([{ id: 'r', tool: 'flaky', arguments: {} }]);
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(of('attempt:start').map((event) => event.attempt)).toEqual([1, 2]);
    const ends = of('attempt:end');
    expect(ends.map((event) => [event.attempt, event.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(ends[0]).toMatchObject({
      callId: 'r',
      tool: 'flaky',
      namespace: 'default',
      runtime: 'in-process',
      error: { code: 'TOOL_EXECUTION_FAILED', message: 'first fails' },
    });
    expect(ends[1]).not.toHaveProperty('error');
    for (const end of ends) expect(end.durationMs).toBeGreaterThanOrEqual(4);
  });

  it('ends a timed-out attempt when the timeout fires', async () => {
    const { tool } = countingTool('slow', (_n, _args, ctx) => delay(10_000, ctx.signal));
    const { processor } = harness({ timeoutMs: 20 }, tool);
    const { of } = record(processor);
    await processor.execute([{ id: 's', tool: 'slow', arguments: {} }]);
    expect(of('attempt:end')).toEqual([
      expect.objectContaining({
        attempt: 1,
        ok: false,
        error: expect.objectContaining({ code: 'TOOL_TIMEOUT' }),
      }),
    ]);
  });

  it('reports bulkhead queue waits with how long they took and whether a slot came', async () => {
    const { tool } = countingTool('work', (_n, _args, ctx) => delay(20, ctx.signal));
    const { processor } = harness({ bulkhead: { global: 1 } }, tool);
    const { of } = record(processor);
    await processor.execute([
      { id: 'first', tool: 'work', arguments: {} },
      { id: 'queued', tool: 'work', arguments: {} },
    ]);
    const waits = of('stage:wait');
    expect(waits).toEqual([
      expect.objectContaining({
        stage: 'bulkhead',
        callId: 'queued',
        tool: 'work',
        acquired: true,
      }),
    ]);
    expect(waits[0]!.waitedMs).toBeGreaterThanOrEqual(15);
  });

  it('reports rate-limit waits (wait mode), acquired or not', async () => {
    const { tool } = countingTool('ping', () => 'pong');
    const { processor } = harness(
      { rateLimit: { mode: 'wait', global: { limit: 1, windowMs: 30 } } },
      tool,
    );
    const { of } = record(processor);
    await processor.execute([
      { id: 'a', tool: 'ping', arguments: {} },
      { id: 'b', tool: 'ping', arguments: {} },
    ]);
    const waits = of('stage:wait');
    expect(waits).toEqual([
      expect.objectContaining({ stage: 'rate-limit', callId: 'b', acquired: true }),
    ]);
    expect(waits[0]!.waitedMs).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const pending = processor.execute(
      [
        { id: 'c', tool: 'ping', arguments: {} },
        { id: 'd', tool: 'ping', arguments: {} },
      ],
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 5);
    await pending;
    expect(of('stage:wait').at(-1)).toMatchObject({ stage: 'rate-limit', acquired: false });
  });

  it('reports each tool load (once, with its duration) and each owned runtime disposed on close', async () => {
    const registry = createRegistry();
    registry.register(
      createToolDefinition({
        name: 'remote',
        description: '',
        inputSchema: { type: 'object' },
        runtime: 'fake',
        source: 'x',
      }),
    );
    const runtime: ToolRuntimeV1 = {
      specificationVersion: 'v1',
      kind: 'fake',
      capabilities: () => ({ cancellation: true, progress: false, isolation: 'remote' }),
      load: async (definition) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { definition, handle: 1 };
      },
      execute: async () => 'done',
      dispose: async () => {
        throw new Error('stuck');
      },
    };
    const processor = createProcessor({ registry, runtimes: [runtime] });
    const { of } = record(processor);
    await processor.execute([
      { id: 'a', tool: 'remote', arguments: {} },
      { id: 'b', tool: 'remote', arguments: {} },
    ]);
    await processor.execute([{ id: 'c', tool: 'remote', arguments: {} }]);
    expect(of('runtime:load')).toEqual([
      expect.objectContaining({ tool: 'remote', namespace: 'default', runtime: 'fake', ok: true }),
    ]);
    expect(of('runtime:load')[0]!.durationMs).toBeGreaterThanOrEqual(4);
    await processor.close();
    const unloads = of('runtime:unload');
    expect(unloads.map((event) => [event.runtime, event.ok]).sort()).toEqual([
      ['fake', false],
      ['in-process', true],
    ]);
    expect(unloads.find((event) => !event.ok)!.error).toMatchObject({ message: 'stuck' });
  });

  it('a failed load is reported with its error, and tried again by the next call', async () => {
    const registry = createRegistry();
    registry.register(
      createToolDefinition({
        name: 'remote',
        description: '',
        inputSchema: { type: 'object' },
        runtime: 'fake',
        source: 'x',
      }),
    );
    let loads = 0;
    const runtime: ToolRuntimeV1 = {
      specificationVersion: 'v1',
      kind: 'fake',
      capabilities: () => ({ cancellation: true, progress: false, isolation: 'remote' }),
      load: async (definition) => {
        if (++loads === 1) throw new Error('not yet');
        return { definition, handle: 1 };
      },
      execute: async () => 'done',
      dispose: async () => {},
    };
    const processor = createProcessor({ registry, runtimes: [runtime] });
    const { of } = record(processor);
    await processor.execute([{ id: 'a', tool: 'remote', arguments: {} }]);
    await processor.execute([{ id: 'b', tool: 'remote', arguments: {} }]);
    expect(of('runtime:load').map((event) => [event.ok, event.error?.message])).toEqual([
      [false, 'not yet'],
      [true, undefined],
    ]);
  });
});
