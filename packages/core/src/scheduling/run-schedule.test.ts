import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ToolCall } from '../contracts/tool-call.js';
import { defineTool } from '../define-tool.js';
import { createProcessor, type ProcessorOptions } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** A processor with one tool, `work`, that records when each call starts and ends. */
function lab(options: Partial<ProcessorOptions> = {}) {
  const log: string[] = [];
  const seen: Record<string, unknown> = {};
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'work',
      description: 'records its run and returns value (or { label })',
      inputSchema: z.object({
        label: z.string(),
        ms: z.number().optional(),
        fail: z.boolean().optional(),
        value: z.unknown().optional(),
        group: z.string().optional(),
        input: z.unknown().optional(),
      }),
      execute: async ({ label, ms, fail, value, group = 'all', input }, ctx) => {
        log.push(`start:${label}`);
        seen[label] = input;
        running.set(group, (running.get(group) ?? 0) + 1);
        peak.set(group, Math.max(peak.get(group) ?? 0, running.get(group)!));
        try {
          await (ms ? sleep(ms, ctx.signal) : Promise.resolve());
          if (fail) throw new Error(`${label} failed`);
          return value ?? { label };
        } finally {
          running.set(group, running.get(group)! - 1);
          log.push(`end:${label}`);
        }
      },
    }),
    defineTool({
      name: 'typed',
      description: 'needs a number',
      inputSchema: z.object({ count: z.number() }),
      execute: ({ count }) => count * 2,
    }),
  );
  const processor = createProcessor({ registry, ...options });
  return { processor, log, seen, peak };
}

const work = (
  id: string,
  extra: Partial<ToolCall> = {},
  args: Record<string, unknown> = {},
): ToolCall => ({
  id,
  tool: 'work',
  arguments: { label: id, ...args },
  ...extra,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('DAG execution', () => {
  it('starts a call only after every call it depends on has finished', async () => {
    const { processor, log } = lab();
    const results = await processor.execute([
      work('c', { dependsOn: ['a', 'b'] }),
      work('a', {}, { ms: 5 }),
      work('b', {}, { ms: 1 }),
      work('d', { dependsOn: ['c'] }),
    ]);
    expect(results.map((result) => [result.callId, result.ok])).toEqual([
      ['c', true],
      ['a', true],
      ['b', true],
      ['d', true],
    ]);
    const at = (entry: string) => log.indexOf(entry);
    expect(at('start:c')).toBeGreaterThan(at('end:a'));
    expect(at('start:c')).toBeGreaterThan(at('end:b'));
    expect(at('start:d')).toBeGreaterThan(at('end:c'));
  });

  it('skips the dependents of a failed call, transitively, with DEPENDENCY_FAILED', async () => {
    const { processor, log } = lab();
    const results = await processor.execute([
      work('a', {}, { fail: true }),
      work('b', { dependsOn: ['a'] }),
      work('c', { dependsOn: ['b'] }),
      work('free'),
    ]);
    const [a, b, c, free] = results;
    expect(a?.error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect(b?.error).toMatchObject({
      code: 'DEPENDENCY_FAILED',
      category: 'dependency',
      retryable: false,
      details: { dependency: 'a', dependencyCode: 'TOOL_EXECUTION_FAILED', rootCallId: 'a' },
    });
    expect(c?.error).toMatchObject({
      code: 'DEPENDENCY_FAILED',
      details: { dependency: 'b', rootCallId: 'a', rootCode: 'TOOL_EXECUTION_FAILED' },
    });
    expect(b?.attempts).toBe(0);
    expect(free?.ok).toBe(true);
    expect(log).not.toContain('start:b');
    expect(log).not.toContain('start:c');
  });

  it('rejects a cycle before anything runs, naming the cycle; every call gets one result', async () => {
    const { processor, log } = lab();
    const results = await processor.execute([
      work('a', { dependsOn: ['c'] }),
      work('b', { dependsOn: ['a'] }),
      work('c', { dependsOn: ['b'] }),
      work('innocent'),
    ]);
    expect(log).toEqual([]);
    expect(results).toHaveLength(4);
    for (const result of results.slice(0, 3)) {
      expect(result.error?.code).toBe('TOOL_VALIDATION_ERROR');
      expect(result.error?.details?.reason).toBe('dependency_cycle');
      expect(result.error?.details?.cycle).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    }
    expect(results[3]?.error).toMatchObject({
      code: 'TOOL_VALIDATION_ERROR',
      details: { reason: 'invalid_plan' },
    });
    expect(results[3]?.error?.message).toContain('dependency cycle');
  });

  it('rejects a self-dependency, an unknown id and an ambiguous id before anything runs', async () => {
    const { processor, log } = lab();
    const [self] = await processor.execute([work('a', { dependsOn: ['a'] })]);
    expect(self?.error?.details?.reason).toBe('dependency_cycle');
    const [unknown, other] = await processor.execute([
      work('a', { dependsOn: ['nope'] }),
      work('b'),
    ]);
    expect(unknown?.error).toMatchObject({
      code: 'TOOL_VALIDATION_ERROR',
      details: { reason: 'unknown_dependency', missing: ['nope'] },
    });
    expect(other?.error?.details?.reason).toBe('invalid_plan');
    const twins = await processor.execute([work('x'), work('x'), work('y', { dependsOn: ['x'] })]);
    expect(twins[2]?.error?.details).toMatchObject({ reason: 'ambiguous_dependency' });
    const [malformed] = await processor.execute([
      work('m', { dependsOn: 'a' as unknown as string[] }),
    ]);
    expect(malformed?.error?.details?.reason).toBe('invalid_depends_on');
    expect(log).toEqual([]);
  });

  it('a malformed call in a scheduled batch gets its own error and blocks nothing', async () => {
    const { processor } = lab();
    const results = await processor.execute([
      null as unknown as ToolCall,
      work('a', { priority: 2 }),
      work('b', { dependsOn: ['a'] }),
    ]);
    expect(results.map((result) => [result.ok, result.error?.code])).toEqual([
      [false, 'TOOL_VALIDATION_ERROR'],
      [true, undefined],
      [true, undefined],
    ]);
  });

  it('gives TOOL_CANCELLED to calls not started when the request is cancelled', async () => {
    const { processor, log } = lab();
    const controller = new AbortController();
    const pending = processor.execute(
      [
        work('a', {}, { ms: 10_000 }),
        work('b', { dependsOn: ['a'] }),
        work('c', { dependsOn: ['b'] }),
      ],
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(log).toContain('start:a'));
    controller.abort();
    const results = await pending;
    expect(results.map((result) => result.error?.code)).toEqual([
      'TOOL_CANCELLED',
      'TOOL_CANCELLED',
      'TOOL_CANCELLED',
    ]);
  });
});

describe('$ref arguments', () => {
  it('replaces refs with values of the dependency results, then validates', async () => {
    const { processor, seen } = lab();
    const results = await processor.execute([
      work('user.lookup', {}, { value: { id: 42, tags: ['x', 'y'] } }),
      work(
        'use',
        {},
        {
          input: {
            id: { $ref: 'user.lookup.value.id' },
            second: [{ $ref: 'user.lookup.value.tags.1' }],
            whole: { $ref: 'user.lookup' },
          },
        },
      ),
      { id: 'double', tool: 'typed', arguments: { count: { $ref: 'user.lookup.value.id' } } },
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(seen.use).toEqual({ id: 42, second: ['y'], whole: { id: 42, tags: ['x', 'y'] } });
    expect(results[2]?.value).toBe(84);
  });

  it('an unresolvable path fails that call (and skips its dependents); a ref to no call is a plan error', async () => {
    const { processor, log } = lab();
    const [source, broken, after] = await processor.execute([
      work('a', {}, { value: { id: 1 } }),
      work('b', {}, { input: { $ref: 'a.value.missing' } }),
      work('c', { dependsOn: ['b'] }),
    ]);
    expect(source?.ok).toBe(true);
    expect(broken?.error).toMatchObject({
      code: 'TOOL_VALIDATION_ERROR',
      details: { reason: 'unresolved_ref', ref: 'a.value.missing' },
    });
    expect(after?.error?.code).toBe('DEPENDENCY_FAILED');
    expect(log).not.toContain('start:b');

    const [dangling] = await processor.execute([work('z', {}, { input: { $ref: 'ghost.value' } })]);
    expect(dangling?.error?.details).toMatchObject({
      reason: 'unknown_dependency',
      missing: ['ghost.value'],
    });
  });

  it('validates the resolved arguments against the schema', async () => {
    const { processor } = lab();
    const [, double] = await processor.execute([
      work('a', {}, { value: { text: 'not a number' } }),
      { id: 'double', tool: 'typed', arguments: { count: { $ref: 'a.value.text' } } },
    ]);
    expect(double?.error?.code).toBe('TOOL_VALIDATION_ERROR');
  });
});

describe('priorities and pools', () => {
  it('starts higher priority first among ready calls (ties in submission order)', async () => {
    const { processor, log } = lab({ maxConcurrency: 1 });
    await processor.execute([
      work('low', { priority: -1 }),
      work('mid1'),
      work('high', { priority: 5 }),
      work('mid2', { priority: 0 }),
      work('top', { priority: 9 }),
    ]);
    const starts = log.filter((entry) => entry.startsWith('start:'));
    expect(starts).toEqual(['start:top', 'start:high', 'start:mid1', 'start:mid2', 'start:low']);
  });

  it('caps each pool at its limit without holding back other calls', async () => {
    const { processor, peak } = lab({ maxConcurrency: 10, pools: { db: 2 } });
    const calls = [
      ...Array.from({ length: 6 }, (_, index) =>
        work(`db${index}`, { pool: 'db' }, { ms: 5, group: 'db' }),
      ),
      ...Array.from({ length: 4 }, (_, index) => work(`cpu${index}`, {}, { ms: 5, group: 'cpu' })),
    ];
    const results = await processor.execute(calls);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(peak.get('db')).toBe(2);
    expect(peak.get('cpu')).toBe(4);
  });

  it('maxConcurrency bounds everything, pools included', async () => {
    const { processor, peak } = lab({ maxConcurrency: 3, pools: { a: 10 } });
    await processor.execute(
      Array.from({ length: 9 }, (_, index) => work(`w${index}`, { pool: 'a' }, { ms: 2 })),
    );
    expect(peak.get('all')).toBe(3);
  });

  it('rejects a pool limit that is not a positive integer, naming the field', () => {
    expect(() => createProcessor({ registry: createRegistry(), pools: { db: 0 } })).toThrow(
      /pools\.db/,
    );
  });
});

describe('deadline awareness', () => {
  it('skips low-priority calls whose estimate exceeds the time left, with a reason', async () => {
    vi.useFakeTimers();
    const { processor, log } = lab();
    const pending = processor.execute(
      [
        work('fits', { estimatedMs: 50 }, { ms: 40 }),
        work('too-long', { estimatedMs: 500 }, { ms: 10 }),
        work('important', { estimatedMs: 500, priority: 1 }, { ms: 10 }),
        work('then', { estimatedMs: 70, dependsOn: ['fits'] }, { ms: 10 }),
        work('after-skip', { dependsOn: ['too-long'] }),
      ],
      { timeoutMs: 100 },
    );
    await vi.advanceTimersByTimeAsync(200);
    const [fits, tooLong, important, then, afterSkip] = await pending;
    expect(fits?.ok).toBe(true);
    expect(important?.ok).toBe(true);
    expect(tooLong?.error).toMatchObject({
      code: 'TOOL_TIMEOUT',
      retryable: false,
      details: { reason: 'deadline_estimate', estimatedMs: 500, remainingMs: 100 },
    });
    // 'then' became ready 40 ms in: 60 ms left is less than its 70 ms estimate.
    expect(then?.error?.details).toMatchObject({ reason: 'deadline_estimate', remainingMs: 60 });
    expect(afterSkip?.error?.code).toBe('DEPENDENCY_FAILED');
    expect(log).not.toContain('start:too-long');
    expect(log).not.toContain('start:then');
  });

  it('without a deadline, estimates change nothing', async () => {
    const { processor } = lab();
    const [result] = await processor.execute([work('a', { estimatedMs: 1e9 })]);
    expect(result?.ok).toBe(true);
  });
});

describe('return order and streaming', () => {
  it('returns DAG results in completion order when asked', async () => {
    const { processor } = lab();
    const results = await processor.execute(
      [
        work('slow', { priority: 1 }, { ms: 20 }),
        work('fast', {}, { ms: 1 }),
        work('last', { dependsOn: ['slow'] }),
      ],
      { returnOrder: 'completion' },
    );
    expect(results.map((result) => result.callId)).toEqual(['fast', 'slow', 'last']);
  });

  it('stream yields in completion order and breaking out cancels the rest', async () => {
    const { processor, log } = lab();
    const seen: string[] = [];
    for await (const result of processor.stream([
      work('quick', { priority: 1 }),
      work('slow', {}, { ms: 10_000 }),
      work('never', { dependsOn: ['slow'] }),
    ])) {
      seen.push(result.callId);
      break;
    }
    expect(seen).toEqual(['quick']);
    await vi.waitFor(() => expect(log).toContain('end:slow'));
    expect(log).not.toContain('start:never');
  });
});
