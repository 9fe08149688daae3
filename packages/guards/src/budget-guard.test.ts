import { describe, expect, it } from 'vitest';
import { callInput, planInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { budgetGuard } from './budget-guard.js';

const read = testTool('read', { sideEffect: 'read_only' });
const write = testTool('write', { sideEffect: 'write' });
const other = testTool('other');

describe('budgetGuard', () => {
  it.each([
    ['within the total', { maxCalls: 3 }, [read, read], read, {}, 'allow'],
    ['over the total', { maxCalls: 2 }, [read, read], read, {}, 'block'],
    ['context budget tighter', { maxCalls: 10 }, [read], read, { calls: 1 }, 'block'],
    ['within a category', { maxCallsPerCategory: { write: 1 } }, [read, read], write, {}, 'allow'],
    ['over a category', { maxCallsPerCategory: { write: 1 } }, [write], write, {}, 'block'],
    [
      'unclassified category',
      { maxCallsPerCategory: { unclassified: 1 } },
      [other],
      other,
      {},
      'block',
    ],
    [
      'custom category',
      { maxCallsPerCategory: { io: 1 }, categoryOf: () => 'io' },
      [read],
      write,
      {},
      'block',
    ],
  ] as const)('%s: %s', (_, options, before, next, budget, expected) => {
    const guard = budgetGuard(options);
    const context = testContext({ budget });
    for (const tool of before) guard.pre!(callInput(tool, {}, context));
    expect(guard.pre!(callInput(next, {}, context))).toMatchObject({ verdict: expected });
  });

  it('blocks the calls of a batch beyond the budget at plan time', () => {
    const guard = budgetGuard({ maxCalls: 3, maxCallsPerCategory: { write: 1 } });
    const context = testContext();
    guard.pre!(callInput(read, {}, context));
    const plan = planInput(
      [
        { tool: write, call: { id: 'w1' } },
        { tool: write, call: { id: 'w2' } },
        { tool: read, call: { id: 'r1' } },
        { call: { id: 'x1' } },
      ],
      context,
    );
    expect(guard.plan!(plan)).toMatchObject({ verdict: 'block', callIds: ['w2', 'x1'] });
    expect(guard.plan!(planInput([{ tool: read, call: { id: 'r' } }], context))).toEqual({
      verdict: 'allow',
    });
  });

  it('dry runs spend nothing; ended requests are forgotten', () => {
    const guard = budgetGuard({ maxCalls: 1 });
    const context = testContext();
    expect(guard.pre!(callInput(read, {}, context, { dryRun: true }))).toEqual({
      verdict: 'allow',
    });
    expect(guard.pre!(callInput(read, {}, context))).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(read, {}, context))).toMatchObject({ verdict: 'block' });
    guard.endRequest!(context);
    expect(guard.pre!(callInput(read, {}, context))).toEqual({ verdict: 'allow' });
    expect(() => budgetGuard({ maxCallsPerCategory: { write: 0 } })).toThrow(
      /budget\.maxCallsPerCategory\.write/,
    );
  });
});
