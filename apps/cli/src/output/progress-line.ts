import type { Writable } from 'node:stream';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner with a count, redrawn in place on a terminal; silent anywhere else. */
export interface ProgressLine {
  /** Records one more finished call. */
  advance(): void;
  /** Erases the line so other output can be written, then redraws it on the next tick. */
  clear(): void;
  stop(): void;
}

export function createProgressLine(
  stream: Writable & { readonly isTTY?: boolean },
  total: number,
  intervalMs = 80,
): ProgressLine {
  if (stream.isTTY !== true || total < 2) return { advance() {}, clear() {}, stop() {} };
  let done = 0;
  let frame = 0;
  let shown = false;
  const draw = () => {
    frame = (frame + 1) % frames.length;
    stream.write(`\r\u001b[2K${frames[frame]} ${done}/${total} calls done`);
    shown = true;
  };
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  const clear = () => {
    if (shown) stream.write('\r\u001b[2K');
    shown = false;
  };
  return {
    advance() {
      done++;
    },
    clear,
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}
