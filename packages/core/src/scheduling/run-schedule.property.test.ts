import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolCall } from '../contracts/tool-call.js';
import { defineTool } from '../define-tool.js';
import { createProcessor } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';

/** A random DAG: node i may depend on nodes < i; submitted in a shuffled order. */
const dagArbitrary = fc.integer({ min: 1, max: 12 }).chain((size) =>
  fc.record({
    nodes: fc.tuple(
      ...Array.from({ length: size }, (_, index) =>
        fc.record({
          dependsOn: fc.subarray(Array.from({ length: index }, (_, dep) => dep)),
          fail: fc.integer({ min: 0, max: 4 }).map((roll) => roll === 0),
          ticks: fc.integer({ min: 0, max: 3 }),
          priority: fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }),
          pool: fc.option(fc.constantFrom('p', 'q'), { nil: undefined }),
        }),
      ),
    ),
    order: fc.shuffledSubarray(
      Array.from({ length: size }, (_, index) => index),
      { minLength: size, maxLength: size },
    ),
    maxConcurrency: fc.integer({ min: 1, max: 4 }),
  }),
);

describe('DAG scheduling (property)', () => {
  it('gives every call exactly one result and never runs a call before its dependencies', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary, async ({ nodes, order, maxConcurrency }) => {
        const events: string[] = [];
        const registry = createRegistry();
        registry.register(
          defineTool({
            name: 'node',
            description: 'records start and end',
            inputSchema: z.object({ n: z.number(), fail: z.boolean(), ticks: z.number() }),
            execute: async ({ n, fail, ticks }) => {
              events.push(`start:${n}`);
              for (let tick = 0; tick < ticks; tick++) await Promise.resolve();
              events.push(`end:${n}`);
              if (fail) throw new Error(`node ${n} failed`);
              return n;
            },
          }),
        );
        const processor = createProcessor({ registry, maxConcurrency, pools: { p: 1 } });
        const calls: ToolCall[] = order.map((n) => ({
          id: `n${n}`,
          tool: 'node',
          arguments: { n, fail: nodes[n]!.fail, ticks: nodes[n]!.ticks },
          dependsOn: nodes[n]!.dependsOn.map((dep) => `n${dep}`),
          ...(nodes[n]!.priority !== undefined ? { priority: nodes[n]!.priority } : {}),
          ...(nodes[n]!.pool !== undefined ? { pool: nodes[n]!.pool } : {}),
        }));
        const results = await processor.execute(calls);

        expect(results.map((result) => result.callId)).toEqual(calls.map((call) => call.id));
        // Expected outcome of each node, computed from the graph alone.
        const succeeds: boolean[] = [];
        for (let n = 0; n < nodes.length; n++) {
          const node = nodes[n]!;
          const runs = node.dependsOn.every((dep) => succeeds[dep]);
          succeeds[n] = runs && !node.fail;
          const result = results[order.indexOf(n)]!;
          expect(result.ok).toBe(succeeds[n]);
          if (!runs) expect(result.error?.code).toBe('DEPENDENCY_FAILED');
          expect(events.filter((event) => event === `start:${n}`)).toHaveLength(runs ? 1 : 0);
          if (runs) {
            for (const dep of node.dependsOn) {
              expect(events.indexOf(`end:${dep}`)).toBeLessThan(events.indexOf(`start:${n}`));
            }
          }
        }
        await processor.close();
      }),
      { numRuns: 80 },
    );
  });
});
