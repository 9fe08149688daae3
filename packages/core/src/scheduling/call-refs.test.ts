import { describe, expect, it } from 'vitest';
import type { ToolResult } from '../contracts/tool-result.js';
import { collectRefs, containsRef, resolveRefs, splitRef } from './call-refs.js';

const ids = new Set(['a', 'a.b', 'search']);
const isCallId = (id: string) => ids.has(id);
const result = (value: unknown): ToolResult => ({
  callId: 'x',
  tool: 't',
  namespace: 'default',
  ok: true,
  value,
  attempts: 1,
  cached: false,
  startedAt: 0,
  endedAt: 0,
  durationMs: 0,
  runtime: 'in-process',
});

describe('call refs', () => {
  it('finds only objects whose single key is a string $ref', () => {
    expect(containsRef({ x: [1, { y: { $ref: 'a' } }] })).toBe(true);
    expect(containsRef({ $ref: 'a', other: 1 })).toBe(false);
    expect(containsRef({ $ref: 5 })).toBe(false);
    expect(containsRef('a')).toBe(false);
    expect(collectRefs({ p: { $ref: 'a' }, q: [{ $ref: 'search.value' }] })).toEqual([
      'a',
      'search.value',
    ]);
  });

  it('splits at the longest call id prefix (ids may contain dots)', () => {
    expect(splitRef('a.b.value', isCallId)).toEqual({ callId: 'a.b', path: ['value'] });
    expect(splitRef('a.value.b', isCallId)).toEqual({ callId: 'a', path: ['value', 'b'] });
    expect(splitRef('search', isCallId)).toEqual({ callId: 'search', path: [] });
    expect(splitRef('nope.value', isCallId)).toBeUndefined();
  });

  it('resolves paths into results, arrays by index; reports what is missing', () => {
    const resultOf = (id: string) =>
      id === 'search' ? result({ items: [{ url: 'u0' }, { url: 'u1' }] }) : undefined;
    expect(
      resolveRefs({ first: { $ref: 'search.value.items.1.url' }, n: 3 }, isCallId, resultOf),
    ).toEqual({ ok: true, value: { first: 'u1', n: 3 } });
    expect(resolveRefs([{ $ref: 'search.ok' }], isCallId, resultOf)).toEqual({
      ok: true,
      value: [true],
    });
    expect(resolveRefs({ $ref: 'search.value.items.7' }, isCallId, resultOf)).toMatchObject({
      ok: false,
      ref: 'search.value.items.7',
    });
    expect(resolveRefs({ $ref: 'search.value.__proto__' }, isCallId, resultOf).ok).toBe(false);
    expect(resolveRefs({ $ref: 'a.value' }, isCallId, resultOf)).toMatchObject({
      ok: false,
      problem: 'names no call of this batch',
    });
  });

  it('stops looking below a fixed depth instead of overflowing the stack', () => {
    let deep: unknown = { $ref: 'a' };
    for (let level = 0; level < 100_000; level++) deep = { next: deep };
    expect(containsRef(deep)).toBe(false);
    expect(collectRefs(deep)).toEqual([]);
    expect(resolveRefs(deep, isCallId, () => undefined).ok).toBe(true);
  });
});
