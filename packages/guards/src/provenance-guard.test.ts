import { describe, expect, it } from 'vitest';
import { callInput, postInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { provenanceGuard } from './provenance-guard.js';

const search = testTool('search');
const order = testTool('order');

describe('provenanceGuard', () => {
  it.each([
    [{ id: 'ord_8f3k29x1' }, 'warn'], // opaque id nobody produced
    [{ nested: [{ id: 'cus_77a8b9c0d' }] }, 'warn'],
    [{ query: 'red shoes size 9' }, 'allow'], // prose, not an identifier
    [{ id: 'abc' }, 'allow'], // too short
    [{ word: 'elephants' }, 'allow'], // no digit
    [{ number: '1234567890' }, 'allow'], // no letter
  ] as const)('%j -> %s', (args, expected) => {
    expect(provenanceGuard().pre!(callInput(order, args))).toMatchObject({ verdict: expected });
  });

  it('records which call produced each value and accepts it later in the request', () => {
    const guard = provenanceGuard();
    const context = testContext();
    const first = callInput(search, { q: 'shoes' }, context);
    guard.post!(postInput(first, { ok: true, value: { results: [{ id: 'ord_8f3k29x1' }] } }));
    expect(guard.sourceOf(context, 'ord_8f3k29x1')).toBe(first.call.id);
    expect(guard.pre!(callInput(order, { id: 'ord_8f3k29x1' }, context))).toEqual({
      verdict: 'allow',
    });
    expect(guard.pre!(callInput(order, { id: 'ord_8f3k29x1' }, testContext()))).toMatchObject({
      verdict: 'warn',
    });
    guard.endRequest!(context);
    expect(guard.sourceOf(context, 'ord_8f3k29x1')).toBeUndefined();
  });

  it('accepts caller-supplied values, ignores failures, takes a custom rule', () => {
    const guard = provenanceGuard();
    const context = testContext({ metadata: { knownValues: ['ord_8f3k29x1'] } });
    expect(guard.pre!(callInput(order, { id: 'ord_8f3k29x1' }, context))).toEqual({
      verdict: 'allow',
    });
    expect(guard.post!(postInput(callInput(search, {}, context), { ok: false }))).toEqual({
      verdict: 'allow',
    });
    const strict = provenanceGuard({ needsSource: (_, path) => path === '$.url', minLength: 4 });
    expect(
      strict.pre!(callInput(order, { url: 'https://x.io', id: 'ord_8f3k29x1' })),
    ).toMatchObject({ verdict: 'warn', details: { path: '$.url' } });
    expect(() => provenanceGuard({ minLength: 0 })).toThrow(/provenance\.minLength/);
  });
});
