import { describe, expect, it } from 'vitest';
import { scanJsonExtent } from './json-extent.js';

describe('scanJsonExtent', () => {
  it('finds the balanced end, ignoring brackets and escaped quotes inside strings', () => {
    const text = 'x {"a": "}]\\"{", "b": [1, {"c": "\\\\"}]} tail';
    const extent = scanJsonExtent(text, 2);
    expect(extent).toEqual({ end: text.indexOf(' tail'), complete: true, closedInside: [] });
    expect(JSON.parse(text.slice(2, extent.end))).toEqual({ a: '}]"{', b: [1, { c: '\\' }] });
  });

  it('reports an unclosed value, and withInside the complete values directly inside it', () => {
    const text = '{"a": {"b": 1}, "c": [2], "d": {"e": {"f": 3}}, "g": "open';
    expect(scanJsonExtent(text, 0)).toEqual({
      end: text.length,
      complete: false,
      closedInside: [],
    });
    expect(scanJsonExtent(text, 0, text.length, true)).toEqual({
      end: text.length,
      complete: false,
      closedInside: [
        [6, 14],
        [21, 24],
        [31, 46],
      ],
    });
  });

  it('stops a string at the limit, even when its closing quote follows the limit', () => {
    expect(scanJsonExtent('{"a": "b"}', 0, 8)).toEqual({
      end: 8,
      complete: false,
      closedInside: [],
    });
    const escaped = '{"a\\"}" }';
    expect(scanJsonExtent(escaped, 0)).toMatchObject({ end: escaped.length, complete: true });
  });

  it('stops at the limit and at a closer with nothing open', () => {
    expect(scanJsonExtent('{"a": 1}', 0, 4)).toMatchObject({ end: 4, complete: false });
    expect(scanJsonExtent('x}', 1)).toEqual({ end: 1, complete: false, closedInside: [] });
    expect(scanJsonExtent('ab', 0)).toEqual({ end: 0, complete: false, closedInside: [] });
  });
});
