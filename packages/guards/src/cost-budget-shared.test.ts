import { createMemoryCounterStore } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { callInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { costBudgetGuard } from './cost-budget-guard.js';

const priced = testTool('priced', { cost: 4 });

describe('costBudgetGuard with a shared counter store', () => {
  it('two instances spend one tenant budget, never past its hard limit, even at once', async () => {
    const store = createMemoryCounterStore();
    const options = { tenantBudget: { soft: 5, hard: 10 }, store };
    const [one, two] = [costBudgetGuard(options), costBudgetGuard(options)];
    const context = () => testContext({ tenant: 'acme' });
    const verdicts = await Promise.all(
      [one, two, one, two].map((guard) => guard.pre!(callInput(priced, {}, context()))),
    );
    expect(verdicts.map((verdict) => verdict.verdict)).toEqual(['allow', 'warn', 'block', 'block']);
    expect(store.get('cost:tenant:acme')).toBe(8);
    expect(two.spentBy('acme')).toBe(8);
    // Other tenants have their own totals; a dry run charges nothing.
    const dry = await two.pre!(
      callInput(priced, {}, testContext({ tenant: 'other' }), { dryRun: true }),
    );
    expect(dry.verdict).toBe('allow');
    expect(store.get('cost:tenant:other')).toBe(0);
  });

  it('a request budget still applies per request, before the tenant is charged', async () => {
    const store = createMemoryCounterStore();
    const guard = costBudgetGuard({
      requestBudget: { hard: 4 },
      tenantBudget: { hard: 100 },
      store,
    });
    const context = testContext({ tenant: 'acme' });
    expect((await guard.pre!(callInput(priced, {}, context))).verdict).toBe('allow');
    expect((await guard.pre!(callInput(priced, {}, context))).verdict).toBe('block');
    expect(store.get('cost:tenant:acme')).toBe(4);
    expect(guard.costOf(context)).toBe(4);
  });

  it('a failing store rejects, so the guard chain blocks the call (guards fail closed)', async () => {
    const store = {
      ...createMemoryCounterStore(),
      add: () => Promise.reject(new Error('connection refused')),
    };
    const guard = costBudgetGuard({ tenantBudget: { hard: 100 }, store });
    await expect(
      Promise.resolve(guard.pre!(callInput(priced, {}, testContext({ tenant: 'acme' })))),
    ).rejects.toThrow('connection refused');
  });
});
