import { describe, expect, it } from 'vitest';
import { fromGuest, resultSchema, toGuest, witSchema } from './wit-json.js';
import type { WitType } from './wit-type.js';

describe('the JSON form of WIT values', () => {
  it('carries 64-bit integers as numbers when safe and as decimal strings beyond 2^53', () => {
    const u64: WitType = { kind: 'u64' };
    expect(toGuest(u64, 5)).toBe(5n);
    expect(toGuest(u64, '18446744073709551615')).toBe(2n ** 64n - 1n);
    expect(fromGuest(u64, 42n)).toBe(42);
    expect(fromGuest(u64, 2n ** 60n)).toBe('1152921504606846976');
    expect(fromGuest({ kind: 's64' }, -(2n ** 63n))).toBe('-9223372036854775808');
    expect(witSchema({ kind: 's64' })).toMatchObject({
      anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }],
    });
  });

  it('maps nested results, options, tuples, lists of bytes and flags both ways', () => {
    const type: WitType = {
      kind: 'tuple',
      of: [
        { kind: 'result', ok: { kind: 'list', of: { kind: 'u8' } }, err: { kind: 'string' } },
        { kind: 'option', of: { kind: 'flags', names: ['can-read', 'can-write'] } },
      ],
    };
    const json = [{ ok: [1, 2] }, { canRead: true }];
    const guest = toGuest(type, json);
    expect(guest).toEqual([
      { tag: 'ok', val: [1, 2] },
      { canRead: true, canWrite: false },
    ]);
    // jco lifts list<u8> as a Uint8Array.
    const lifted = fromGuest(type, [{ tag: 'ok', val: Uint8Array.of(1, 2) }, undefined]);
    expect(lifted).toEqual([{ ok: [1, 2] }, null]);
    expect(
      fromGuest(type, [
        { tag: 'err', val: 'no' },
        { canRead: false, canWrite: true },
      ]),
    ).toEqual([{ err: 'no' }, { canRead: false, canWrite: true }]);
    expect(witSchema(type)).toMatchObject({ type: 'array', minItems: 2, items: false });
  });

  it("gives a function's value the schema of a top-level result's ok", () => {
    expect(resultSchema({ kind: 'result', ok: { kind: 'string' }, err: { kind: 'u8' } })).toEqual({
      type: 'string',
    });
    expect(resultSchema({ kind: 'result' })).toEqual({ type: 'null' });
    expect(resultSchema({ kind: 'char' })).toEqual({ type: 'string', minLength: 1, maxLength: 1 });
  });
});
