import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeping array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('agrees with JSON.stringify on scalars, undefined and non-finite numbers', () => {
    for (const value of ['x', 1.5, true, null, 'ünï"cødé\n', Number.NaN, -0]) {
      expect(canonicalJson(value)).toBe(JSON.stringify(value));
    }
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ a: undefined, b: () => 1 })).toBe('{}');
    expect(canonicalJson([undefined])).toBe('[null]');
  });

  it('honours toJSON and sorts what it returns', () => {
    const date = new Date('2026-01-02T03:04:05.000Z');
    expect(canonicalJson({ when: date })).toBe('{"when":"2026-01-02T03:04:05.000Z"}');
    const custom = { toJSON: () => ({ z: 1, a: 2 }) };
    expect(canonicalJson({ custom })).toBe('{"custom":{"a":2,"z":1}}');
  });

  it('allows shared references but throws a TypeError on cycles, like JSON.stringify', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    expect(() => canonicalJson(cycle)).toThrow(TypeError);
    const list: unknown[] = [];
    list.push(list);
    expect(() => canonicalJson(list)).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});
