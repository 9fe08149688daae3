import type { ParseOptions } from '../parser.js';
import { StreamAssembler, type ToolCallStreamItem } from './stream-assembler.js';

/** What parseToolCallStream reads: provider stream events or text deltas, async or not. */
export type ToolCallStreamSource = AsyncIterable<unknown> | Iterable<unknown>;

/**
 * Reads a model's streamed output and yields each tool call the moment its arguments are
 * complete (and each parse issue as it is found), while the rest is still streaming. A call cut
 * off by the end of the stream (or a failing source) becomes an issue. Never throws. Leaving
 * early (`break`, `return()`) closes the source at once, even while events keep arriving that
 * complete no call.
 */
export function parseToolCallStream(
  source: ToolCallStreamSource,
  options?: ParseOptions,
): AsyncIterableIterator<ToolCallStreamItem> {
  const ready: ToolCallStreamItem[] = [];
  const assembler = new StreamAssembler(options, (item) => ready.push(item));
  let events: AsyncIterator<unknown> | Iterator<unknown> | undefined;
  let finished = false;
  const open = () => {
    if (events) return events;
    const iterable: ToolCallStreamSource = typeof source === 'string' ? [source] : source;
    events =
      Symbol.asyncIterator in iterable
        ? iterable[Symbol.asyncIterator]()
        : (iterable as Iterable<unknown>)[Symbol.iterator]();
    return events;
  };
  const done = { value: undefined, done: true } as const;

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (ready.length === 0 && !finished) {
        let step: IteratorResult<unknown>;
        try {
          step = await open().next();
        } catch (error) {
          finished = true;
          assembler.end(error ?? new Error('the source failed'));
          break;
        }
        if (finished) break;
        if (step.done) {
          finished = true;
          assembler.end();
          break;
        }
        assembler.push(step.value);
      }
      const item = ready.shift();
      return item === undefined ? done : { value: item, done: false };
    },
    async return() {
      if (!finished) {
        finished = true;
        ready.length = 0;
        try {
          await events?.return?.();
        } catch {
          // The source failed while closing: nothing is read from it any more anyway.
        }
      }
      return done;
    },
  };
}
