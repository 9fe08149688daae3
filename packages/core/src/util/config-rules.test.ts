import { describe, expect, it } from 'vitest';
import { leaf, literalOrObject, object, oneOf, optional, record } from './config-rules.js';

const positive = leaf((value) => typeof value === 'number' && value > 0, 'must be > 0');

describe('config rules', () => {
  it('leaf and oneOf accept or describe the value they want', () => {
    expect(positive(1)).toBeUndefined();
    expect(positive(0)).toEqual({ path: [], message: 'must be > 0' });
    expect(oneOf(['a', 'b'])('b')).toBeUndefined();
    expect(oneOf(['a', 'b'])('c')).toEqual({ path: [], message: 'must be one of "a", "b"' });
  });

  it('optional lets undefined through and nothing else', () => {
    expect(optional(positive)(undefined)).toBeUndefined();
    expect(optional(positive)(null)).toEqual({ path: [], message: 'must be > 0' });
  });

  it('object checks every field, required ones included, and names an unknown key', () => {
    const rule = object({ limit: positive, burst: optional(positive) });
    expect(rule({ limit: 1 })).toBeUndefined();
    expect(rule({})).toEqual({ path: ['limit'], message: 'must be > 0' });
    expect(rule({ limit: 1, burst: -1 })).toEqual({ path: ['burst'], message: 'must be > 0' });
    expect(rule({ limit: 1, limt: 2 })).toEqual({
      path: ['limt'],
      message: 'is not a known option',
    });
    expect(object({}, { strict: false })({ anything: 1 })).toBeUndefined();
    for (const notObject of [null, [], 'x', 3]) {
      expect(rule(notObject)).toEqual({ path: [], message: 'must be an object' });
    }
  });

  it('record checks every value and paths go from the outside in', () => {
    const rule = object({ tools: record(object({ limit: positive })) });
    expect(rule({ tools: { a: { limit: 1 }, 'db.*': { limit: 1 } } })).toBeUndefined();
    expect(rule({ tools: { a: { limit: 1 }, 'db.*': { limit: 0 } } })).toEqual({
      path: ['tools', 'db.*', 'limit'],
      message: 'must be > 0',
    });
    expect(record(positive)([])).toEqual({ path: [], message: 'must be an object' });
  });

  it('literalOrObject takes a listed literal or checks an object', () => {
    const rule = literalOrObject([true, false], object({ ttl: optional(positive) }));
    expect(rule(false)).toBeUndefined();
    expect(rule({ ttl: 1 })).toBeUndefined();
    expect(rule({ ttl: 0 })).toEqual({ path: ['ttl'], message: 'must be > 0' });
    expect(rule('yes')).toEqual({ path: [], message: 'must be true, false or an object' });
  });
});
