import { describe, expect, it } from 'vitest';
import { callInput, postInput, testTool } from './__fixtures__/guard-inputs.js';
import { concurrencyGuard } from './concurrency-guard.js';

const a = testTool('a', { namespace: 'x' });
const b = testTool('b', { namespace: 'x' });
const c = testTool('c', { namespace: 'y' });

describe('concurrencyGuard', () => {
  it.each([
    ['global cap', { maxInFlight: 2 }, [a, c], c, 'block'],
    ['under the global cap', { maxInFlight: 3 }, [a, c], c, 'allow'],
    ['namespace cap', { maxPerNamespace: 1 }, [a], b, 'block'],
    ['other namespace', { maxPerNamespace: 1 }, [a], c, 'allow'],
    ['tool cap', { maxPerTool: 1 }, [a], a, 'block'],
    ['other tool', { maxPerTool: 1 }, [a], b, 'allow'],
    ['tool limit by qualified name', { toolLimits: { 'x.a': 1 } }, [a], a, 'block'],
    ['tool limit by bare name', { toolLimits: { a: 2 } }, [a], a, 'allow'],
  ] as const)('%s', (_, options, running, next, expected) => {
    const guard = concurrencyGuard(options);
    for (const tool of running) expect(guard.pre!(callInput(tool))).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(next))).toMatchObject({ verdict: expected });
  });

  it('settle releases the slot; dry runs take none', () => {
    const guard = concurrencyGuard({ maxInFlight: 1 });
    const first = callInput(a);
    expect(guard.pre!({ ...first, dryRun: true })).toEqual({ verdict: 'allow' });
    expect(guard.pre!(first)).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(b))).toMatchObject({
      verdict: 'block',
      reason: expect.stringContaining('cap 1'),
    });
    guard.settle!(postInput(first, { ok: true }));
    expect(guard.pre!(callInput(b))).toEqual({ verdict: 'allow' });
  });

  it('rejects bad caps naming the field', () => {
    expect(() => concurrencyGuard({ maxInFlight: 0 })).toThrow(/concurrency\.maxInFlight/);
    expect(() => concurrencyGuard({ toolLimits: { a: -1 } })).toThrow(/concurrency\.toolLimits\.a/);
    expect(() => concurrencyGuard({ toolLimits: [] as never })).toThrow(/concurrency\.toolLimits/);
  });
});
