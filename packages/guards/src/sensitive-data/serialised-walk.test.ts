import { describe, expect, it } from 'vitest';
import {
  MAX_SERIALISED_DEPTH,
  replaceSerialisedStrings,
  someSerialisedString,
  TooDeepError,
} from './serialised-walk.js';

const strings = (value: unknown) => {
  const seen: string[] = [];
  someSerialisedString(value, (text, path, key, isKey) => {
    seen.push(`${path} ${key ?? '-'} ${isKey ? 'key' : 'value'} ${text}`);
    return false;
  });
  return seen;
};
const upper = (text: string) => text.toUpperCase();
const upperValues = (text: string, _key: string | undefined, isKey: boolean) =>
  isKey ? text : text.toUpperCase();

describe('someSerialisedString', () => {
  it('visits keys, values, Map entries, Set items, toJSON answers and Error messages', () => {
    const error = new Error('boom');
    error.stack = 'stack';
    expect(
      strings({
        a: ['x'],
        m: new Map<unknown, unknown>([['k', 'v']]),
        s: new Set(['i']),
        j: { toJSON: (key: string) => `json of ${key}` },
        e: error,
      }),
    ).toEqual([
      '$<key> - key a',
      '$.a[0] a value x',
      '$<key> - key m',
      '$.m<key> m key k',
      '$.m.k k value v',
      '$<key> - key s',
      '$.s[0] s value i',
      '$<key> - key j',
      '$.j j value json of j',
      '$<key> - key e',
      '$.e<key> e key message',
      '$.e.message message value boom',
      '$.e<key> e key stack',
      '$.e.stack stack value stack',
    ]);
  });

  it('visits a shared or circular object once and refuses what is nested too deep', () => {
    const shared: Record<string, unknown> = { v: 'x' };
    shared.self = shared;
    expect(strings({ a: shared, b: shared }).filter((line) => line.endsWith(' x'))).toHaveLength(1);
    let deep: unknown = 'bottom';
    for (let level = 0; level < MAX_SERIALISED_DEPTH + 1; level++) deep = [deep];
    expect(() => strings(deep)).toThrow(TooDeepError);
  });
});

describe('replaceSerialisedStrings', () => {
  it('keeps what did not change, Maps as Maps, Sets as Sets and prototypes', () => {
    class Box {
      constructor(readonly label: string) {}
    }
    const untouched = { n: 1 };
    const value = { m: new Map([['k', 'v']]), s: new Set(['i']), box: new Box('b'), untouched };
    const copy = replaceSerialisedStrings(value, upperValues) as typeof value;
    expect(copy.m).toEqual(new Map([['k', 'V']]));
    expect(copy.s).toEqual(new Set(['I']));
    expect(copy.box).toBeInstanceOf(Box);
    expect(copy.box.label).toBe('B');
    expect(copy.untouched).toBe(untouched);
    const same = { a: [1, 2], b: { c: null } };
    expect(replaceSerialisedStrings(same, (text) => text)).toBe(same);
  });

  it('gives keys that became equal distinct names, and cuts cycles', () => {
    const value: Record<string, unknown> = { ab: 1, AB: 2 };
    value.self = value;
    expect(replaceSerialisedStrings(value, upper)).toEqual({
      AB: 1,
      'AB#2': 2,
      SELF: '[Circular]',
    });
  });

  it('replaces an object with toJSON by its serialised form only when that changed', () => {
    const date = new Date(0);
    expect(replaceSerialisedStrings({ date }, (text) => text)).toEqual({ date });
    expect(replaceSerialisedStrings({ x: { toJSON: () => 'inner' } }, upper)).toEqual({
      X: 'INNER',
    });
  });
});
