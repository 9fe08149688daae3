import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolResult } from '../contracts/tool-result.js';
import { defineTool } from '../define-tool.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createRegistry } from '../registry/registry.js';
import { createProcessor } from './create-processor.js';

function setup(pools?: Record<string, number>) {
  const stats = { running: 0, peak: 0, started: 0, poolRunning: 0, poolPeak: 0 };
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'job',
      description: 'waits ms (cancellable), fails when asked',
      inputSchema: z.object({ n: z.number(), ms: z.number(), fail: z.boolean().optional() }),
      execute: async ({ n, ms, fail }, ctx) => {
        const pooled = n % 2 === 0;
        stats.started++;
        stats.running++;
        stats.peak = Math.max(stats.peak, stats.running);
        if (pooled) stats.poolPeak = Math.max(stats.poolPeak, ++stats.poolRunning);
        try {
          await new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, ms);
            ctx.signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(ctx.signal.reason);
            });
          });
          if (fail) throw new Error(`job ${n} failed`);
          return n;
        } finally {
          stats.running--;
          if (pooled) stats.poolRunning--;
        }
      },
    }),
  );
  return { processor: createProcessor({ registry, ...(pools ? { pools } : {}) }), stats };
}

const job = (n: number, ms = n % 3, fail = false): ToolCall => ({
  id: `job-${n}`,
  tool: 'job',
  arguments: { n, ms, fail },
});

async function drain(results: AsyncIterable<ToolResult>): Promise<ToolResult[]> {
  const all: ToolResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

function expectOneResultEach(results: readonly ToolResult[], count: number) {
  expect(results).toHaveLength(count);
  expect(new Set(results.map((result) => result.callId)).size).toBe(count);
}

describe('processBatch', () => {
  it('never has more than maxInFlight calls started and unfinished', async () => {
    const { processor, stats } = setup();
    const calls = Array.from({ length: 300 }, (_, n) => job(n));
    const results = await drain(processor.processBatch(calls, { maxInFlight: 7, chunkSize: 16 }));
    expectOneResultEach(results, 300);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(stats.peak).toBeLessThanOrEqual(7);
    expect(stats.peak).toBeGreaterThan(1);
  });

  it('keeps pool limits across chunks running at the same time', async () => {
    const { processor, stats } = setup({ even: 2 });
    const calls = Array.from({ length: 120 }, (_, n) => ({
      ...job(n, 1 + (n % 3)),
      ...(n % 2 === 0 ? { pool: 'even' } : {}),
    }));
    const results = await drain(processor.processBatch(calls, { maxInFlight: 12, chunkSize: 4 }));
    expectOneResultEach(results, 120);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(stats.poolPeak).toBeLessThanOrEqual(2);
    expect(stats.peak).toBeLessThanOrEqual(12);
  });

  it('reports progress (completed, total, failures) after every result', async () => {
    const { processor } = setup();
    const progress: Array<[number, number | undefined, number]> = [];
    const calls = Array.from({ length: 20 }, (_, n) => job(n, 0, n % 5 === 0));
    await drain(
      processor.processBatch(calls, {
        maxInFlight: 3,
        onProgress: (completed, total, failures) => {
          progress.push([completed, total, failures]);
          throw new Error('a broken callback loses nobody their result');
        },
      }),
    );
    expect(progress).toHaveLength(20);
    expect(progress.map(([completed]) => completed)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(progress.every(([, total]) => total === 20)).toBe(true);
    expect(progress.at(-1)).toEqual([20, 20, 4]);
  });

  it('pulls an async source lazily and stops reading it when the consumer breaks', async () => {
    const { processor, stats } = setup();
    let pulled = 0;
    let closed = false;
    async function* endless() {
      try {
        for (let n = 0; ; n++) {
          pulled++;
          yield job(n, 1);
        }
      } finally {
        closed = true;
      }
    }
    const totals: Array<number | undefined> = [];
    let seen = 0;
    for await (const result of processor.processBatch(endless(), {
      maxInFlight: 4,
      chunkSize: 8,
      onProgress: (_completed, total) => totals.push(total),
    })) {
      expect(result.ok).toBe(true);
      if (++seen === 30) break;
    }
    await vi.waitFor(() => expect(closed).toBe(true));
    // Bounded read-ahead: what runs, what is buffered for the consumer and one chunk per active slot.
    expect(pulled).toBeLessThanOrEqual(30 + 4 + 8 * 2 + 8);
    expect(totals.every((total) => total === undefined)).toBe(true);
    expect(stats.running).toBe(0);
  });

  it('counts the total of an iterable once it is exhausted', async () => {
    const { processor } = setup();
    const totals: Array<number | undefined> = [];
    async function* six() {
      for (let n = 0; n < 6; n++) yield job(n, 0);
    }
    const results = await drain(
      processor.processBatch(six(), {
        chunkSize: 3,
        maxInFlight: 6,
        onProgress: (_completed, total) => totals.push(total),
      }),
    );
    expectOneResultEach(results, 6);
    // The chunk holding the last call knows it is the last, even at an exact chunk boundary.
    expect(totals.slice(3)).toEqual([6, 6, 6]);
  });

  it('gives every call exactly one result when cancelled midway; the rest are TOOL_CANCELLED', async () => {
    const { processor, stats } = setup();
    const controller = new AbortController();
    const calls = Array.from({ length: 500 }, (_, n) => job(n, 2));
    const results = await drain(
      processor.processBatch(calls, {
        maxInFlight: 10,
        chunkSize: 25,
        signal: controller.signal,
        onProgress: (completed) => {
          if (completed === 40) controller.abort();
        },
      }),
    );
    expectOneResultEach(results, 500);
    const cancelled = results.filter((result) => result.error?.code === 'TOOL_CANCELLED');
    const succeeded = results.filter((result) => result.ok);
    expect(succeeded.length).toBeGreaterThanOrEqual(40);
    expect(cancelled.length + succeeded.length).toBe(500);
    expect(cancelled.length).toBeGreaterThan(400);
    expect(stats.started).toBeLessThan(100);
  });

  it('closing the processor cancels a running batch, still one result per call', async () => {
    const { processor } = setup();
    const calls = Array.from({ length: 50 }, (_, n) => job(n, 10_000));
    const results: ToolResult[] = [];
    const closed = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await processor.close();
    })();
    for await (const result of processor.processBatch(calls, { maxInFlight: 5, chunkSize: 10 })) {
      results.push(result);
    }
    await closed;
    expectOneResultEach(results, 50);
    expect(results.every((result) => result.error?.code === 'TOOL_CANCELLED')).toBe(true);
  });

  it('schedules dependencies and refs within a chunk', async () => {
    const { processor } = setup();
    const results = await drain(
      processor.processBatch(
        [
          { id: 'b', tool: 'job', arguments: { n: { $ref: 'a' }, ms: 0 }, dependsOn: ['a'] },
          job(7, 0),
          { id: 'a', tool: 'job', arguments: { n: 41, ms: 0 } },
        ],
        { chunkSize: 3 },
      ),
    );
    expect(results.find((result) => result.callId === 'b')?.value).toBe(41);
  });

  it('runs the plan guards over each chunk as a plan of its own', async () => {
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'job',
        description: 'returns n',
        inputSchema: z.object({ n: z.number() }),
        execute: ({ n }) => n,
      }),
    );
    const planSizes: number[] = [];
    const processor = createProcessor({
      registry,
      guards: [
        {
          specificationVersion: 'v1',
          name: 'no-13',
          plan: ({ calls }) => {
            planSizes.push(calls.length);
            return calls.some(({ call }) => call.arguments.n === 13)
              ? { verdict: 'block', reason: 'unlucky chunk' }
              : { verdict: 'allow' };
          },
        },
      ],
    });
    const calls = Array.from({ length: 30 }, (_, n) => ({
      id: `c${n}`,
      tool: 'job',
      arguments: { n },
    }));
    const results = await drain(processor.processBatch(calls, { chunkSize: 10, maxInFlight: 4 }));
    expectOneResultEach(results, 30);
    expect(planSizes).toEqual([10, 10, 10]);
    const blocked = results.filter((result) => !result.ok).map((result) => result.callId);
    expect(blocked.sort()).toEqual(
      calls
        .slice(10, 20)
        .map((call) => call.id)
        .sort(),
    );
    expect(results.find((result) => result.callId === 'c13')?.error?.code).toBe('GUARD_BLOCKED');
  });

  it('rejects bad options and sources naming the field', async () => {
    const { processor } = setup();
    await expect(drain(processor.processBatch([], { chunkSize: 0 }))).rejects.toThrow(
      /processBatch\.chunkSize/,
    );
    await expect(drain(processor.processBatch([], { maxInFlight: 1.5 }))).rejects.toThrow(
      /processBatch\.maxInFlight/,
    );
    await expect(drain(processor.processBatch(42 as never))).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(await drain(processor.processBatch([]))).toEqual([]);
  });
});
