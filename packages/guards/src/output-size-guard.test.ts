import type { GuardVerdict } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { callInput, postInput, testTool } from './__fixtures__/guard-inputs.js';
import { type OutputSizeGuardOptions, outputSizeGuard } from './output-size-guard.js';

const tool = testTool();
const post = (value: unknown, options: OutputSizeGuardOptions = {}, ok = true) =>
  outputSizeGuard(options).post!(
    postInput(callInput(tool), ok ? { ok, value } : { ok }),
  ) as GuardVerdict;

const deep = (levels: number): unknown => (levels === 0 ? 'leaf' : { next: deep(levels - 1) });

describe('outputSizeGuard', () => {
  it.each([
    ['a small object', { a: [1, 2, 3], b: 'text' }, {}],
    ['exactly the string limit', 'x'.repeat(10), { maxStringLength: 10 }],
    ['exactly the array limit', [1, 2, 3], { maxArrayLength: 3 }],
    ['exactly the depth limit', deep(3), { maxDepth: 4 }],
    ['undefined', undefined, {}],
  ] as const)('allows %s', (_, value, options) => {
    expect(post(value, options)).toEqual({ verdict: 'allow' });
  });

  it.each([
    ['a long string', 'x'.repeat(11), { maxStringLength: 10 }, /string of 11/],
    ['a long array', [1, 2, 3, 4], { maxArrayLength: 3 }, /array of 4/],
    ['deep nesting', deep(5), { maxDepth: 3 }, /deeper than 3/],
    ['too many bytes', { text: 'é'.repeat(60) }, { maxBytes: 100 }, /bytes exceed 100/],
    [
      'a cycle',
      (() => {
        const a: Record<string, unknown> = {};
        a.self = { a: 1 };
        (a.self as Record<string, unknown>).back = a;
        return a;
      })(),
      { maxDepth: 1000 },
      /deeper than 1000/,
    ],
  ] as const)('blocks %s in block mode', (_, value, options, reason) => {
    expect(post(value, { ...options, mode: 'block' })).toMatchObject({
      verdict: 'block',
      reason: expect.stringMatching(reason),
    });
  });

  it.each([
    ['ascii', 'a'.repeat(98), 'allow'], // 100 bytes with the quotes
    ['two-byte', 'é'.repeat(49), 'allow'], // 98 + 2
    ['two-byte over', 'é'.repeat(50), 'block'],
    ['three-byte', '€'.repeat(32), 'allow'], // 96 + 2
    ['three-byte over', '€'.repeat(33), 'block'],
    ['four-byte', '😀'.repeat(24), 'allow'], // 96 + 2
    ['four-byte over', '😀'.repeat(25), 'block'],
  ] as const)('counts UTF-8 bytes: %s', (_, value, expected) => {
    expect(post(value, { maxBytes: 100, mode: 'block' })).toMatchObject({ verdict: expected });
  });

  it('truncates strings, arrays and depth with markers', () => {
    const verdict = post(
      { s: 'abcdef', list: [1, 2, 3, 4, 5], deep: deep(4) },
      { maxStringLength: 3, maxArrayLength: 2, maxDepth: 3 },
    );
    expect(verdict).toMatchObject({
      verdict: 'repair',
      value: {
        s: 'abc…[truncated 3 characters]',
        list: [1, 2, '[truncated 3 more items]'],
        deep: { next: { next: '[truncated: nested too deep]' } },
      },
    });
  });

  it('falls back to a marked preview when cutting shapes is not enough', () => {
    const verdict = post({ a: 'x'.repeat(500), b: 'y'.repeat(500) }, { maxBytes: 600 });
    expect(verdict).toMatchObject({
      verdict: 'repair',
      value: { truncated: true, originalBytes: expect.any(Number) },
    });
    const value =
      verdict.verdict === 'repair' ? (verdict.value as { preview: string }) : { preview: '' };
    expect(value.preview.length).toBeLessThanOrEqual(300);
  });

  it('paginates top-level arrays', () => {
    const items = Array.from({ length: 25 }, (_, index) => ({ index }));
    expect(post(items, { mode: 'paginate', maxArrayLength: 10 })).toMatchObject({
      verdict: 'repair',
      reason: expect.stringContaining('paginated'),
      value: { page: 1, pageSize: 10, totalItems: 25, hasMore: true, items: items.slice(0, 10) },
    });
    const byBytes = post(items, { mode: 'paginate', maxBytes: 250 });
    expect(byBytes).toMatchObject({ verdict: 'repair', value: { hasMore: true } });
    expect(post('x'.repeat(20), { mode: 'paginate', maxStringLength: 5 })).toMatchObject({
      value: 'xxxxx…[truncated 15 characters]',
    });
  });

  it('ignores failed results and rejects bad options', () => {
    expect(post(undefined, { maxBytes: 1 }, false)).toEqual({ verdict: 'allow' });
    expect(() => outputSizeGuard({ maxBytes: 0 })).toThrow(/output-size\.maxBytes/);
    expect(() => outputSizeGuard({ mode: 'squash' as 'block' })).toThrow(/output-size\.mode/);
  });
});
