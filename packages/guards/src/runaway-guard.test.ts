import { describe, expect, it } from 'vitest';
import { callInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { detectLoop, runawayGuard } from './runaway-guard.js';

describe('detectLoop', () => {
  it.each([
    ['AAAA', 'the same call 4 times'],
    ['BAAAA', 'the same call 4 times'],
    ['ABABABAB', 'a cycle of 2 calls repeated 4 times'],
    ['ABCABCABCABC', 'a cycle of 3 calls repeated 4 times'],
  ])('%s loops', (sequence, description) => {
    expect(detectLoop([...sequence], 3, 3)).toContain(description);
  });

  it.each(['A', 'AAA', 'ABABAB', 'ABCABCABC', 'ABCDABCD', 'AABBAABB', 'ABCDEFGH'])(
    '%s does not',
    (sequence) => {
      expect(detectLoop([...sequence], 3, 3)).toBeUndefined();
    },
  );
});

describe('detectLoop on histories barely long enough (cap of one)', () => {
  it.each([
    ['AB', undefined],
    ['ABA', undefined],
    ['ABAB', 'a cycle of 2 calls repeated 2 times'],
    ['ABCAB', undefined],
    ['ABCABC', 'a cycle of 3 calls repeated 2 times'],
  ])('%s with maxCycles 1: %s', (sequence, description) => {
    const loop = detectLoop([...sequence], 5, 1);
    if (description === undefined) expect(loop).toBeUndefined();
    else expect(loop).toContain(description);
  });
});

describe('runawayGuard', () => {
  const tool = testTool('search');
  it('blocks the fourth identical call in a row, per request', () => {
    const guard = runawayGuard();
    const context = testContext();
    for (let index = 0; index < 3; index++)
      expect(guard.pre!(callInput(tool, { q: 'x' }, context))).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(tool, { q: 'x' }, context))).toMatchObject({ verdict: 'block' });
    expect(guard.pre!(callInput(tool, { q: 'y' }, context))).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(tool, { q: 'x' }, testContext()))).toEqual({ verdict: 'allow' });
    guard.endRequest!(context);
  });

  it('blocks an alternating loop; dry runs record nothing', () => {
    const guard = runawayGuard({ maxCycles: 2 });
    const context = testContext();
    for (const q of ['a', 'b', 'a', 'b', 'a']) {
      expect(guard.pre!(callInput(tool, { q }, context))).toEqual({ verdict: 'allow' });
    }
    expect(guard.pre!(callInput(tool, { q: 'b' }, context, { dryRun: true }))).toMatchObject({
      verdict: 'block',
    });
    const fresh = testContext();
    for (let index = 0; index < 5; index++)
      guard.pre!(callInput(tool, { q: 'a' }, fresh, { dryRun: true }));
    expect(guard.pre!(callInput(tool, { q: 'a' }, fresh))).toEqual({ verdict: 'allow' });
    expect(() => runawayGuard({ maxRepeats: 0 })).toThrow(/runaway\.maxRepeats/);
  });
});
