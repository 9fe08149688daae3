import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createProgressLine } from './progress-line.js';

function sink(isTTY: boolean) {
  const written: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        written.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, written };
}

describe('createProgressLine', () => {
  it('redraws a count on a terminal and erases itself when stopped', () => {
    vi.useFakeTimers();
    try {
      const { stream, written } = sink(true);
      const progress = createProgressLine(stream, 3, 80);
      vi.advanceTimersByTime(80);
      progress.advance();
      vi.advanceTimersByTime(80);
      progress.stop();
      expect(written.join('')).toContain('0/3 calls done');
      expect(written.join('')).toContain('1/3 calls done');
      expect(written.at(-1)).toBe('\r\u001b[2K');
      vi.advanceTimersByTime(800);
      expect(written.at(-1)).toBe('\r\u001b[2K');
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes nothing to a pipe or for a single call', () => {
    vi.useFakeTimers();
    try {
      for (const [isTTY, total] of [
        [false, 5],
        [true, 1],
      ] as const) {
        const { stream, written } = sink(isTTY);
        const progress = createProgressLine(stream, total, 80);
        vi.advanceTimersByTime(400);
        progress.advance();
        progress.stop();
        expect(written).toEqual([]);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});
