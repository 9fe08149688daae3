import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from './frame-codec.js';
import { dictFieldsToJson, quoteElement, toTclValue } from './tcl-value.js';

describe('frame codec', () => {
  it('round-trips fields split across arbitrary chunks', () => {
    const fields = ['call', '', 'a\u0000b', 'ünï 🚀', 'x'.repeat(70_000)];
    const bytes = Buffer.concat([encodeFrame(fields), encodeFrame(['ready', '8.6'])]);
    const decoder = new FrameDecoder();
    const frames: string[][] = [];
    for (let offset = 0; offset < bytes.length; offset += 7) {
      frames.push(...decoder.push(bytes.subarray(offset, offset + 7)));
    }
    expect(frames).toEqual([fields, ['ready', '8.6']]);
  });
});

describe('Tcl values', () => {
  it('quotes list elements so that nothing is substituted', () => {
    expect(quoteElement('')).toBe('{}');
    expect(quoteElement('a b{$[x]}"\\')).toBe('a\\ b\\{\\$\\[x\\]\\}\\"\\\\');
    expect(quoteElement('line\nnext\u0000')).toBe('line\\nnext\\u0000');
  });

  it('maps JSON to Tcl: arrays to lists, objects to dicts, scalars to text', () => {
    expect(toTclValue(['a b', 1, true, null, [2, 3]])).toBe('a\\ b 1 true {} 2\\ 3');
    expect(toTclValue({ k: 'v', 'two words': { n: 1 } })).toBe('k v two\\ words n\\ 1');
    expect(toTclValue('plain $text')).toBe('plain $text');
  });

  it('maps a --json dict back with numbers and booleans typed', () => {
    expect(
      dictFieldsToJson([
        'n',
        '42',
        'f',
        '-1.5e3',
        'b',
        'false',
        's',
        '007',
        'big',
        '99999999999999999999',
      ]),
    ).toEqual({
      n: 42,
      f: -1500,
      b: false,
      s: '007',
      big: '99999999999999999999',
    });
  });
});
