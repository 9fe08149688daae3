import type { ExecutionContext } from '../contracts/execution-context.js';
import { createExecutionContext, type ExecutionContextInit } from './execution-context.js';

export interface RequestContextSources {
  /** The processor's defaults (`createProcessor({ context })`). */
  readonly defaults: ExecutionContextInit;
  /** The context of the request this one runs inside (a tool calling process()), if any. */
  readonly ambient: ExecutionContext | undefined;
  /** The caller's own values (`process(input, { context })`). */
  readonly own: ExecutionContextInit | undefined;
  /** From `process(input, { timeoutMs })`. */
  readonly timeoutDeadline: number | undefined;
}

/**
 * The context of a new request. Precedence: own values, then the ambient (parent) request's, then
 * the processor's defaults. A nested request is a request of its own: it gets a fresh request id
 * unless given one, and its correlation id points at the parent (the parent's correlation id, or
 * its request id). The deadline is the earliest of all: a nested request never outlives its parent.
 */
export function requestContext(sources: RequestContextSources): ExecutionContext {
  const { defaults, ambient, own, timeoutDeadline } = sources;
  let inherited: ExecutionContextInit = defaults;
  if (ambient) {
    const { requestId, ...parent } = ambient;
    inherited = {
      ...defaults,
      ...parent,
      correlationId: ambient.correlationId ?? requestId,
      metadata: { ...defaults.metadata, ...ambient.metadata },
    };
  }
  const merged: { -readonly [Key in keyof ExecutionContextInit]: ExecutionContextInit[Key] } = {
    ...inherited,
    ...own,
  };
  // A tracestate belongs to its traceparent: a new traceparent does not keep the old state.
  if (own?.traceparent !== undefined && own.tracestate === undefined) delete merged.tracestate;
  const deadline = earliest(own?.deadline, inherited.deadline, timeoutDeadline);
  return createExecutionContext({
    ...merged,
    ...(own?.metadata ? { metadata: { ...inherited.metadata, ...own.metadata } } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
  });
}

function earliest(...deadlines: Array<number | undefined>): number | undefined {
  let result: number | undefined;
  for (const deadline of deadlines) {
    if (deadline !== undefined && (result === undefined || deadline < result)) result = deadline;
  }
  return result;
}
