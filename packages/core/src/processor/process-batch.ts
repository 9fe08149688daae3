import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolResult } from '../contracts/tool-result.js';
import { abortReasonToErrorInfo, cancellationError } from '../errors/abort-reason.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { linkSignals } from '../util/abort-fanout.js';
import { AsyncQueue } from './async-queue.js';
import { type BatchGate, createBatchGate } from './batch-gate.js';
import type { ProcessOptions } from './create-processor.js';

export const DEFAULT_BATCH_CHUNK_SIZE = 256;

export interface BatchOptions
  extends Omit<ProcessOptions, 'onProgress' | 'returnOrder' | 'dryRun'> {
  /**
   * Calls pulled from the source at a time. A chunk is also the scope of `dependsOn`/`$ref`:
   * a call can only depend on calls of its own chunk. Default 256.
   */
  readonly chunkSize?: number;
  /** Calls started and not yet finished, at most (default: the processor's maxConcurrency). */
  readonly maxInFlight?: number;
  /**
   * After every result. `total` is the number of calls: known at once for an array, otherwise
   * undefined until the source is exhausted. Exceptions thrown here are ignored.
   */
  readonly onProgress?: (completed: number, total: number | undefined, failures: number) => void;
  /** Progress reported by the tools themselves (ProcessOptions.onProgress of process()). */
  readonly onCallProgress?: ProcessOptions['onProgress'];
}

/** What the processor lends a batch: one request that every chunk runs in. */
export interface BatchRequest {
  readonly signal: AbortSignal;
  runChunk(
    calls: readonly ToolCall[],
    limit: number,
    gate: BatchGate,
    onResult: (result: ToolResult) => void,
  ): Promise<void>;
  refuse(call: ToolCall, error: ToolErrorInfo): ToolResult;
  end(): void;
}

export type BatchSource = Iterable<ToolCall> | AsyncIterable<ToolCall>;

/**
 * Runs a large batch with bounded memory: calls are pulled from `source` lazily, chunk by chunk,
 * never more than `maxInFlight` run at once, and the source is not read further while the
 * consumer lags behind. Yields results as they complete. Once `signal` aborts, running calls are
 * cancelled and the rest of the source is still read, each remaining call getting a
 * TOOL_CANCELLED result (so an endless source must end itself); a consumer that stops reading
 * cancels everything and reads no further.
 */
export async function* runBatch(
  source: BatchSource,
  options: BatchOptions,
  defaults: { readonly maxInFlight: number; readonly pools: Readonly<Record<string, number>> },
  start: (processOptions: ProcessOptions) => BatchRequest,
): AsyncGenerator<ToolResult, void, undefined> {
  const { chunkSize = DEFAULT_BATCH_CHUNK_SIZE, maxInFlight = defaults.maxInFlight } = options;
  if (!(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new ConfigurationError('processBatch.chunkSize', 'must be a positive integer');
  }
  if (!(Number.isInteger(maxInFlight) && maxInFlight > 0)) {
    throw new ConfigurationError('processBatch.maxInFlight', 'must be a positive integer');
  }
  const iterator = openSource(source);
  const stop = new AbortController();
  const link = linkSignals([options.signal, stop.signal]);
  const { chunkSize: _c, maxInFlight: _m, onProgress, onCallProgress, ...rest } = options;
  const request = start({
    ...rest,
    signal: link.signal,
    ...(onCallProgress ? { onProgress: onCallProgress } : {}),
  });
  const queue = new AsyncQueue<ToolResult>();
  const gate = createBatchGate(maxInFlight, defaults.pools);
  let total = Array.isArray(source) ? source.length : undefined;
  let completed = 0;
  let failures = 0;
  const deliver = (result: ToolResult) => {
    completed++;
    if (!result.ok) failures++;
    queue.push(result);
    try {
      onProgress?.(completed, total, failures);
    } catch {
      // A broken progress callback must not cost anyone their result.
    }
  };

  // Chunks running now: the consumer's exit waits for them, so nothing runs on after it leaves.
  const active = new Set<Promise<void>>();
  const pump = async () => {
    // Enough chunks at once to keep maxInFlight calls busy while one chunk drains its tail.
    const maxActiveChunks = Math.ceil(maxInFlight / chunkSize) + 1;
    let pulled = 0;
    try {
      for (;;) {
        while (active.size >= maxActiveChunks) await Promise.race(active);
        await queue.drained(maxInFlight);
        if (stop.signal.aborted) return;
        const chunk = await iterator.pull(chunkSize);
        if (stop.signal.aborted) return;
        if (chunk.length === 0) break;
        pulled += chunk.length;
        if (iterator.exhausted) total = pulled;
        if (request.signal.aborted) {
          const error = abortReasonToErrorInfo(request.signal.reason);
          for (const call of chunk) deliver(request.refuse(call, error));
          continue;
        }
        const running = request
          .runChunk(chunk, maxInFlight, gate, deliver)
          .finally(() => active.delete(running));
        active.add(running);
      }
    } finally {
      await Promise.all(active);
      if (!iterator.exhausted) await iterator.close();
    }
  };

  pump().then(
    () => queue.end(),
    (error: unknown) => queue.end(error),
  );
  try {
    yield* queue;
  } finally {
    stop.abort(cancellationError('the batch consumer stopped reading'));
    queue.discard();
    await Promise.all(active);
    link.unlink();
    request.end();
  }
}

interface SourceReader {
  /** True once the source has nothing more (known with the last chunk, thanks to a one-call read-ahead). */
  readonly exhausted: boolean;
  /** Up to `count` calls; fewer only at the end of the source. */
  pull(count: number): Promise<ToolCall[]>;
  close(): Promise<void>;
}

function openSource(source: BatchSource): SourceReader {
  const isAsync = source !== null && typeof source === 'object' && Symbol.asyncIterator in source;
  if (!isAsync && (source === null || typeof source !== 'object' || !(Symbol.iterator in source))) {
    throw new ConfigurationError(
      'processBatch(calls)',
      'expects an array or an (async) iterable of ToolCall objects',
    );
  }
  const iterator: Iterator<ToolCall> | AsyncIterator<ToolCall> = isAsync
    ? (source as AsyncIterable<ToolCall>)[Symbol.asyncIterator]()
    : (source as Iterable<ToolCall>)[Symbol.iterator]();
  // One call is read ahead so that the chunk holding the last call already knows it is the last.
  let ahead: IteratorResult<ToolCall> | undefined;
  const reader = {
    exhausted: false,
    async pull(count: number) {
      const chunk: ToolCall[] = [];
      let next = ahead ?? iterator.next();
      if (next instanceof Promise) next = await next;
      while (!next.done && chunk.length < count) {
        chunk.push(next.value);
        next = iterator.next();
        // Only an async source costs an await per call.
        if (next instanceof Promise) next = await next;
      }
      ahead = next;
      reader.exhausted = next.done === true;
      return chunk;
    },
    async close() {
      await iterator.return?.();
    },
  };
  return reader;
}
