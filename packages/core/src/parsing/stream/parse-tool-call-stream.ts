import type { ParseOptions } from '../parser.js';
import { StreamAssembler, type ToolCallStreamItem } from './stream-assembler.js';

/** What parseToolCallStream reads: provider stream events or text deltas, async or not. */
export type ToolCallStreamSource = AsyncIterable<unknown> | Iterable<unknown>;

/**
 * Reads a model's streamed output and yields each tool call the moment its arguments are
 * complete (and each parse issue as it is found), while the rest is still streaming. A call cut
 * off by the end of the stream (or a failing source) becomes an issue. Never throws.
 */
export async function* parseToolCallStream(
  source: ToolCallStreamSource,
  options?: ParseOptions,
): AsyncGenerator<ToolCallStreamItem, void, undefined> {
  const ready: ToolCallStreamItem[] = [];
  const assembler = new StreamAssembler(options, (item) => ready.push(item));
  let failure: unknown;
  try {
    for await (const event of typeof source === 'string' ? [source] : source) {
      assembler.push(event);
      while (ready.length > 0) yield ready.shift()!;
    }
  } catch (error) {
    failure = error ?? new Error('the source failed');
  }
  assembler.end(failure);
  yield* ready;
}
