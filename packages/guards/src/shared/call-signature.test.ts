import { describe, expect, it } from 'vitest';
import { testTool } from '../__fixtures__/guard-inputs.js';
import { callSignature, hashValue } from './call-signature.js';

describe('hashValue', () => {
  it.each([
    [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ],
    [
      [1, { x: 'y' }],
      [1, { x: 'y' }],
    ],
    ['text', 'text'],
  ])('equal values hash alike: %j', (left, right) => {
    expect(hashValue(left)).toBe(hashValue(right));
  });

  it.each([
    [{ a: 1 }, { a: '1' }],
    [
      ['ab', 'c'],
      ['a', 'bc'],
    ],
    [{ a: null }, { a: 'null' }],
    [
      [1, 2],
      [2, 1],
    ],
    [{}, []],
  ])('different values hash apart: %j vs %j', (left, right) => {
    expect(hashValue(left)).not.toBe(hashValue(right));
  });

  it('remembers objects unless told not to; signatures include the tool', () => {
    const value = { n: 1 };
    const first = hashValue(value);
    value.n = 2;
    expect(hashValue(value)).toBe(first);
    expect(hashValue(value, false)).not.toBe(first);
    expect(callSignature(testTool('a'), { q: 1 })).not.toBe(callSignature(testTool('b'), { q: 1 }));
    expect(hashValue(BigInt(5))).toMatch(/^[0-9a-f]{16}$/);
  });
});
