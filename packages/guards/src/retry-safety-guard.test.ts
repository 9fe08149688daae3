import { describe, expect, it } from 'vitest';
import { callInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { retrySafetyGuard } from './retry-safety-guard.js';

const charge = testTool('charge', { sideEffect: 'write' });
const lookup = testTool('lookup', { sideEffect: 'read_only' });
const upsert = testTool('upsert', { sideEffect: 'write', idempotent: true });

describe('retrySafetyGuard', () => {
  it.each([
    ['a non-idempotent repeat', charge, { amount: 5 }, {}, 'block'],
    [
      'a non-idempotent repeat with a key argument',
      charge,
      { amount: 5, idempotencyKey: 'k1' },
      {},
      'allow',
    ],
    [
      'a non-idempotent repeat with a context key',
      charge,
      { amount: 5 },
      { idempotencyKey: 'k' },
      'allow',
    ],
    ['a read-only repeat', lookup, { id: 1 }, {}, 'allow'],
    ['an idempotent repeat', upsert, { id: 1 }, {}, 'allow'],
  ] as const)('second run of %s', (_, tool, args, metadata, expected) => {
    const guard = retrySafetyGuard();
    const context = testContext({ metadata });
    expect(guard.pre!(callInput(tool, args, context))).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(tool, args, context))).toMatchObject({ verdict: expected });
  });

  it('caps repeats of any signature, counts different arguments apart, per request', () => {
    const guard = retrySafetyGuard({ maxAttempts: 2 });
    const context = testContext();
    expect(guard.pre!(callInput(lookup, { id: 1 }, context))).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(lookup, { id: 1 }, context))).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(lookup, { id: 1 }, context))).toMatchObject({
      verdict: 'block',
      reason: expect.stringContaining('cap 2'),
    });
    expect(guard.pre!(callInput(lookup, { id: 2 }, context))).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(lookup, { id: 1 }, testContext()))).toEqual({ verdict: 'allow' });
    guard.endRequest!(context);
    expect(guard.pre!(callInput(lookup, { id: 1 }, context))).toEqual({ verdict: 'allow' });
  });

  it('dry runs count nothing and bad options fail', () => {
    const guard = retrySafetyGuard();
    const context = testContext();
    guard.pre!(callInput(charge, {}, context, { dryRun: true }));
    expect(guard.pre!(callInput(charge, {}, context))).toEqual({ verdict: 'allow' });
    expect(() => retrySafetyGuard({ maxAttempts: 1.5 })).toThrow(/retry-safety\.maxAttempts/);
  });
});
