import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolResult } from '../contracts/tool-result.js';
import { abortReasonToErrorInfo } from '../errors/abort-reason.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import type { ParseIssue } from '../parsing/parse-issue.js';
import type { ParseOptions } from '../parsing/parser.js';
import {
  parseToolCallStream,
  type ToolCallStreamSource,
} from '../parsing/stream/parse-tool-call-stream.js';
import type { ToolCallStreamItem } from '../parsing/stream/stream-assembler.js';
import { collectRefs, resolveRefs, splitRef } from '../scheduling/call-refs.js';
import { dependencyFailed } from '../scheduling/run-schedule.js';
import { AsyncQueue } from './async-queue.js';

/** What the processor lends a streamed request. */
export interface StreamHooks {
  readonly signal: AbortSignal;
  /** Runs one call through the whole pipeline; never rejects. */
  run(call: ToolCall): Promise<ToolResult>;
  refuse(call: ToolCall, error: ToolErrorInfo): ToolResult;
  /** A call was read from the stream (before it runs). */
  read(call: ToolCall): void;
  /** The result of a parse issue (the n-th of the stream). */
  issue(issue: ParseIssue, index: number): ToolResult;
  /** The consumer left early: cancel what runs and stop reading. */
  stop(): void;
  /** The request is over (every call has its result). */
  end(): void;
}

/** True for an input read as a stream of model output (an async iterable), not a whole value. */
export function isStreamSource(input: unknown): input is AsyncIterable<unknown> {
  if (typeof input !== 'object' || input === null) return false;
  try {
    return typeof (input as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
  } catch {
    // A hostile proxy: read as a whole value, whose parse reports it.
    return false;
  }
}

/** Every event of a source, for the uses that need the whole stream first (a dry run). */
export async function readAll(source: AsyncIterable<unknown>): Promise<unknown[]> {
  const events: unknown[] = [];
  try {
    for await (const event of source) events.push(event);
  } catch {
    // What arrived is judged; the parse reports a call cut off by the failure.
  }
  return events;
}

/**
 * Executes a model's streamed output: each call starts the moment its arguments are complete,
 * while later calls are still streaming, and results are yielded as they finish. A call that
 * depends on another (`dependsOn`, `$ref`) waits for it; it may only name calls that came
 * earlier in the stream. Once `signal` aborts, the source is read no further and every call
 * already read gets exactly one result (TOOL_CANCELLED for those not finished).
 */
export async function* runStreamSource(
  source: ToolCallStreamSource,
  parseOptions: ParseOptions,
  hooks: StreamHooks,
): AsyncGenerator<ToolResult, void, undefined> {
  const queue = new AsyncQueue<ToolResult>();
  const results = new Map<string, Promise<ToolResult>>();
  const calls = new Map<string, ToolCall>();
  const running = new Set<Promise<void>>();
  let issues = 0;

  const schedule = (call: ToolCall): Promise<ToolResult> => {
    const known = (id: string) => results.has(id);
    const dependsOn = Array.isArray(call.dependsOn) ? call.dependsOn : [];
    const refs = collectRefs(call.arguments);
    if (dependsOn.length === 0 && refs.length === 0) return hooks.run(call);
    const missing: string[] = [];
    const ids = new Set<string>();
    for (const id of dependsOn) known(id) ? ids.add(id) : missing.push(String(id));
    for (const ref of refs) {
      const target = splitRef(ref, known);
      if (target) ids.add(target.callId);
      else missing.push(ref);
    }
    if (missing.length > 0) {
      const names = missing.map((id) => `"${id}"`).join(', ');
      const error = toolErrorInfo(
        'TOOL_VALIDATION_ERROR',
        `call "${call.id}" depends on ${names}, which no earlier call of the stream has as its id`,
        { details: { reason: 'unknown_dependency', missing } },
      );
      return Promise.resolve(hooks.refuse(call, error));
    }
    return Promise.all([...ids].map((id) => results.get(id)!)).then((settled) => {
      if (hooks.signal.aborted)
        return hooks.refuse(call, abortReasonToErrorInfo(hooks.signal.reason));
      const failed = settled.findIndex((result) => !result.ok);
      if (failed !== -1) {
        const dependency = calls.get([...ids][failed]!)!;
        return hooks.refuse(call, dependencyFailed(dependency, settled[failed]!));
      }
      const resolved = resolveRefs(call.arguments, known, (id) => settled[[...ids].indexOf(id)]);
      if (!resolved.ok) {
        const error = toolErrorInfo(
          'TOOL_VALIDATION_ERROR',
          `argument reference "${resolved.ref}" of call "${call.id}" cannot be resolved: ${resolved.problem}`,
          { details: { reason: 'unresolved_ref', ref: resolved.ref } },
        );
        return hooks.refuse(call, error);
      }
      // Its dependencies are met: it runs as a plan of its own, without them.
      const { dependsOn: _met, ...independent } = call;
      return hooks.run({ ...independent, arguments: resolved.value as ToolCall['arguments'] });
    });
  };

  const handle = (item: ToolCallStreamItem) => {
    if (item.type === 'issue') {
      queue.push(hooks.issue(item.issue, issues++));
      return;
    }
    const { call } = item;
    hooks.read(call);
    calls.set(call.id, call);
    const result = schedule(call);
    results.set(call.id, result);
    const delivered = result.then((settled) => queue.push(settled));
    running.add(delivered);
    delivered.finally(() => running.delete(delivered));
  };

  // A stalled source must not keep an aborted request open: the wait for its next event races
  // the abort, and the source is not read further once it fires.
  const aborted = new Promise<'aborted'>((resolve) => {
    if (hooks.signal.aborted) resolve('aborted');
    else hooks.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  const pump = async () => {
    const items = parseToolCallStream(source, parseOptions)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await Promise.race([items.next(), aborted]);
        if (next === 'aborted' || next.done) break;
        handle(next.value);
      }
    } finally {
      items.return?.(undefined).catch(() => {});
      while (running.size > 0) await Promise.all(running);
    }
  };

  pump().then(
    () => queue.end(),
    (error: unknown) => queue.end(error),
  );
  try {
    yield* queue;
  } finally {
    // After an early exit calls may still run and the source may still be read: cancel both
    // before waiting (after a normal end this changes nothing).
    hooks.stop();
    queue.discard();
    await Promise.all(running);
    hooks.end();
  }
}
