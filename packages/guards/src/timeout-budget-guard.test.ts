import { describe, expect, it } from 'vitest';
import { callInput, planInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { timeoutBudgetGuard } from './timeout-budget-guard.js';

const tool = testTool('slow', { timeoutMs: 5_000 });

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('timeoutBudgetGuard', () => {
  it.each([
    [0, 'allow'],
    [999, 'allow'],
    [1_000, 'warn'],
    [4_999, 'warn'],
    [5_000, 'block'],
  ] as const)('after %i ms: %s', (elapsed, expected) => {
    const time = clock();
    const guard = timeoutBudgetGuard({ softMs: 1_000, hardMs: 5_000, now: time.now });
    const context = testContext();
    guard.plan!(planInput([], context));
    time.advance(elapsed);
    expect(guard.pre!(callInput(tool, {}, context))).toMatchObject({ verdict: expected });
  });

  it('starts counting at the first call without a plan, per request, and forgets ended requests', () => {
    const time = clock();
    const guard = timeoutBudgetGuard({ hardMs: 100, now: time.now });
    const first = testContext();
    expect(guard.pre!(callInput(tool, {}, first))).toEqual({ verdict: 'allow' });
    time.advance(150);
    expect(guard.pre!(callInput(tool, {}, first))).toMatchObject({ verdict: 'block' });
    expect(guard.pre!(callInput(tool, {}, testContext()))).toEqual({ verdict: 'allow' });
    guard.endRequest!(first);
    expect(guard.pre!(callInput(tool, {}, first))).toEqual({ verdict: 'allow' });
  });

  it('warns when the deadline is nearer than the tool timeout; dry runs record nothing', () => {
    const time = clock();
    const guard = timeoutBudgetGuard({ hardMs: 100, now: time.now });
    const context = testContext({ deadline: time.now() + 1_000 });
    expect(guard.pre!(callInput(tool, {}, context, { dryRun: true }))).toMatchObject({
      verdict: 'warn',
      reason: expect.stringContaining('1000 ms remain'),
    });
    guard.plan!(planInput([], context, true));
    time.advance(500);
    expect(guard.pre!(callInput(testTool('fast'), {}, context))).toEqual({ verdict: 'allow' });
  });

  it('rejects bad limits', () => {
    expect(() => timeoutBudgetGuard({ hardMs: -1 })).toThrow(/timeout-budget\.hardMs/);
  });
});
