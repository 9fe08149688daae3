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

describe('hashValue on long strings (hashed word by word from UTF-8)', () => {
  const prose =
    'Find projects that parse tool calls from model output, validate arguments. '.repeat(3);
  it('hashes equal long strings alike, whether or not they share identity', () => {
    const copy = JSON.parse(JSON.stringify(prose)) as string;
    expect(hashValue({ notes: prose })).toBe(hashValue({ notes: copy }));
    expect(hashValue('é€😀'.repeat(20))).toBe(hashValue('é€😀'.repeat(20)));
  });
  it.each([0, 1, 2, 3, 100, prose.length - 1])('tells apart a one-character change at %i', (at) => {
    const changed = `${prose.slice(0, at)}#${prose.slice(at + 1)}`;
    expect(hashValue(changed)).not.toBe(hashValue(prose));
  });
  it.each([
    ['a'.repeat(33), `${'a'.repeat(33)}\0`],
    ['a'.repeat(40), 'a'.repeat(41)],
    [`${'x'.repeat(40)}\ud800`, `${'x'.repeat(40)}\ud801`],
    [`\udc00${'x'.repeat(40)}`, `\ufffd${'x'.repeat(40)}`],
    ['é'.repeat(40), 'è'.repeat(40)],
    ['z'.repeat(5000), `${'z'.repeat(4999)}y`],
  ])('different long strings hash apart (%#)', (left, right) => {
    expect(hashValue(left)).not.toBe(hashValue(right));
  });
  it('hashes strings longer than the scratch buffer consistently', () => {
    const long = 'q'.repeat(10_000);
    expect(hashValue([long])).toBe(hashValue(['q'.repeat(10_000)]));
  });
});
