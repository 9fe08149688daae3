import { describe, expect, it } from 'vitest';
import { callInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { costBudgetGuard } from './cost-budget-guard.js';

const priced = testTool('priced', { cost: 4 });
const unpriced = testTool('unpriced');

describe('costBudgetGuard', () => {
  it.each([
    ['request under soft', { requestBudget: { soft: 10, hard: 20 } }, priced, 1, {}, 'allow'],
    ['request past soft', { requestBudget: { soft: 10, hard: 20 } }, priced, 2, {}, 'warn'],
    ['request past hard', { requestBudget: { hard: 10 } }, priced, 2, {}, 'block'],
    [
      'tenant default budget',
      { tenantBudget: { hard: 7 } },
      priced,
      1,
      { tenant: 'acme' },
      'block',
    ],
    [
      'tenant own budget',
      { tenantBudget: { hard: 7 }, tenants: { acme: { hard: 100 } } },
      priced,
      5,
      { tenant: 'acme' },
      'allow',
    ],
    [
      'costs table',
      { costs: { unpriced: 6 }, requestBudget: { hard: 10 } },
      unpriced,
      1,
      {},
      'block',
    ],
    ['default cost', { defaultCost: 1, requestBudget: { hard: 10 } }, unpriced, 9, {}, 'allow'],
    ['free tools never block', { requestBudget: { hard: 0 } }, unpriced, 5, {}, 'allow'],
  ] as const)('%s: %s', (_, options, tool, before, init, expected) => {
    const guard = costBudgetGuard(options);
    const context = testContext(init);
    for (let index = 0; index < before; index++) guard.pre!(callInput(tool, {}, context));
    expect(guard.pre!(callInput(tool, {}, context))).toMatchObject({ verdict: expected });
  });

  it('rolls costs up per request and per tenant; call.cost wins; dry runs charge nothing', () => {
    const guard = costBudgetGuard();
    const context = testContext({ tenant: 'acme' });
    guard.pre!(callInput(priced, {}, context));
    guard.pre!(callInput(priced, {}, context, { call: { cost: 10 } }));
    guard.pre!(callInput(priced, {}, context, { dryRun: true }));
    expect(guard.costOf(context)).toBe(14);
    guard.pre!(callInput(priced, {}, testContext({ tenant: 'acme' })));
    expect(guard.spentBy('acme')).toBe(18);
    expect(guard.spentBy('nobody')).toBe(0);
    expect(guard.costOf(testContext())).toBe(0);
  });

  it('rejects bad options naming the field', () => {
    expect(() => costBudgetGuard({ costs: { a: -1 } })).toThrow(/cost-budget\.costs\.a/);
    expect(() => costBudgetGuard({ tenants: { acme: 5 as never } })).toThrow(
      /cost-budget\.tenants\.acme/,
    );
    expect(() => costBudgetGuard({ requestBudget: { soft: Number.NaN } })).toThrow(
      /cost-budget\.requestBudget\.soft/,
    );
  });

  it('free calls keep no request record yet still see what the request spent', () => {
    const guard = costBudgetGuard({ requestBudget: { soft: 5, hard: 100 } });
    const context = testContext();
    expect(guard.pre!(callInput(unpriced, {}, context))).toMatchObject({ verdict: 'allow' });
    expect(guard.costOf(context)).toBe(0);
    guard.pre!(callInput(priced, {}, context));
    guard.pre!(callInput(priced, {}, context));
    expect(guard.costOf(context)).toBe(8);
    // Past the soft budget, a free call still warns, and the total is unchanged.
    expect(guard.pre!(callInput(unpriced, {}, context))).toMatchObject({ verdict: 'warn' });
    expect(guard.costOf(context)).toBe(8);
  });
});
