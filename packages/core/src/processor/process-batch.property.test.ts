import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolResult } from '../contracts/tool-result.js';
import { defineTool } from '../define-tool.js';
import { createRegistry } from '../registry/registry.js';
import { createProcessor } from './create-processor.js';

describe('processBatch (property)', () => {
  it('one result per call and at most maxInFlight running, whatever the sizes and the cancel point', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          outcomes: fc.array(fc.record({ ticks: fc.nat(4), fail: fc.boolean() }), {
            maxLength: 60,
          }),
          chunkSize: fc.integer({ min: 1, max: 10 }),
          maxInFlight: fc.integer({ min: 1, max: 6 }),
          abortAfter: fc.option(fc.nat(60), { nil: undefined }),
          asGenerator: fc.boolean(),
        }),
        async ({ outcomes, chunkSize, maxInFlight, abortAfter, asGenerator }) => {
          let running = 0;
          let peak = 0;
          const registry = createRegistry();
          registry.register(
            defineTool({
              name: 'step',
              description: 'waits some microtasks',
              inputSchema: z.object({ ticks: z.number(), fail: z.boolean() }),
              execute: async ({ ticks, fail }) => {
                peak = Math.max(peak, ++running);
                try {
                  for (let tick = 0; tick < ticks; tick++) await Promise.resolve();
                  if (fail) throw new Error('failed');
                  return ticks;
                } finally {
                  running--;
                }
              },
            }),
          );
          const processor = createProcessor({ registry });
          const calls: ToolCall[] = outcomes.map((outcome, index) => ({
            id: `s${index}`,
            tool: 'step',
            arguments: outcome,
          }));
          const controller = new AbortController();
          const source = asGenerator
            ? (function* () {
                yield* calls;
              })()
            : calls;
          const results: ToolResult[] = [];
          for await (const result of processor.processBatch(source, {
            chunkSize,
            maxInFlight,
            signal: controller.signal,
            onProgress: (completed) => {
              if (completed === abortAfter) controller.abort();
            },
          })) {
            results.push(result);
          }
          expect(results.map((result) => result.callId).sort()).toEqual(
            calls.map((call) => call.id).sort(),
          );
          expect(peak).toBeLessThanOrEqual(maxInFlight);
          const aborted = controller.signal.aborted;
          for (const result of results) {
            const outcome = outcomes[Number(result.callId.slice(1))]!;
            if (result.ok) expect(outcome.fail).toBe(false);
            else if (result.error?.code !== 'TOOL_CANCELLED' || !aborted) {
              // Without a cancel every call runs to its own outcome.
              expect(outcome.fail).toBe(true);
              expect(result.error?.code).toBe('TOOL_EXECUTION_FAILED');
            }
          }
          await processor.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
