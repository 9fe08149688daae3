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

  it('decodes a frame arriving in small chunks as fast as the same frame in one piece', () => {
    const bytes = encodeFrame(['result', '1', 'ok', 'text', '', '', 'x'.repeat(20 << 20)]);
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < bytes.length; offset += 16_384) {
      chunks.push(bytes.subarray(offset, offset + 16_384));
    }
    const decodeMs = (pieces: readonly Buffer[]) => {
      const decoder = new FrameDecoder();
      const started = performance.now();
      const frames = pieces.flatMap((piece) => decoder.push(piece));
      const elapsed = performance.now() - started;
      expect(frames).toHaveLength(1);
      return elapsed;
    };
    // The baseline is the linear work itself: joining the 1,280 chunks once, then decoding.
    const joinedMs = () => {
      const started = performance.now();
      const whole = Buffer.concat(chunks);
      return performance.now() - started + decodeMs([whole]);
    };
    // Interleaved after a warm-up, so that a busy machine slows both alike.
    decodeMs(chunks);
    joinedMs();
    const chunkedTimes: number[] = [];
    const joinedTimes: number[] = [];
    for (let run = 0; run < 7; run++) {
      chunkedTimes.push(decodeMs(chunks));
      joinedTimes.push(joinedMs());
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[3]!;
    // A decoder that copies its buffer on every chunk does ~640× the copying of one join.
    expect(median(chunkedTimes) / median(joinedTimes)).toBeLessThan(5);
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
