import type { CallInvocation } from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ExecutionContext } from '../contracts/execution-context.js';
import type { ProgressUpdate } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import {
  type LazyAbortCarrier,
  type LazyAbortController,
  lazyAbortKey,
} from '../util/lazy-abort.js';

/**
 * What the timeout stage hands inward: the caller's invocation with this attempt's deadline and a
 * signal created only when read (util/lazy-abort.ts). A class rather than `{ ...invocation,
 * get signal() {} }`: V8 builds object literals with accessors, or with computed keys after a
 * spread, on a slow path costing microseconds per call, while a class instance costs nanoseconds.
 */
export class AttemptInvocation implements CallInvocation, LazyAbortCarrier {
  readonly call: ToolCall;
  readonly tool: ToolDefinition;
  readonly args: Readonly<Record<string, unknown>>;
  readonly context: ExecutionContext;
  readonly deadline: number;
  readonly attempt: number;
  readonly onProgress: ((update: ProgressUpdate) => void) | undefined;
  readonly [lazyAbortKey]: LazyAbortController;

  constructor(invocation: CallInvocation, controller: LazyAbortController, deadline: number) {
    this.call = invocation.call;
    this.tool = invocation.tool;
    this.args = invocation.args;
    this.context = invocation.context;
    this.deadline = deadline;
    this.attempt = invocation.attempt;
    this.onProgress = invocation.onProgress;
    this[lazyAbortKey] = controller;
  }

  get signal(): AbortSignal {
    return this[lazyAbortKey].signal;
  }
}
