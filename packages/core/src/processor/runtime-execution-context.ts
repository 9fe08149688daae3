import type { CallInvocation } from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ExecutionContext } from '../contracts/execution-context.js';
import type {
  ProgressUpdate,
  ToolExecutionContext,
} from '../contracts/runtime/v1/tool-runtime-v1.js';
import {
  type LazyAbortCarrier,
  type LazyAbortController,
  lazyAbortKey,
} from '../util/lazy-abort.js';

/**
 * The `ctx` a runtime's execute() gets. `signal` reads through to the invocation's, so a lazy
 * attempt signal is only created when the runtime or the tool looks at it; a class (not a literal
 * with a getter) for the reason given in attempt-invocation.ts. `signal` lives on the prototype:
 * a runtime that copies ctx must copy it explicitly.
 */
export class RuntimeExecutionContext implements ToolExecutionContext, LazyAbortCarrier {
  readonly callId: string;
  readonly context: ExecutionContext;
  // Absent (not undefined) when there is none; `declare` keeps the class from defining it.
  declare readonly deadline?: number;
  readonly attempt: number;
  readonly reportProgress: (update: ProgressUpdate) => void;
  readonly [lazyAbortKey]: LazyAbortController | undefined;
  readonly #invocation: CallInvocation;

  constructor(invocation: CallInvocation) {
    this.#invocation = invocation;
    this.callId = invocation.call.id;
    this.context = invocation.context;
    if (invocation.deadline !== undefined) this.deadline = invocation.deadline;
    this.attempt = invocation.attempt;
    this.reportProgress = invocation.onProgress ?? noop;
    this[lazyAbortKey] = (invocation as LazyAbortCarrier)[lazyAbortKey];
  }

  get signal(): AbortSignal {
    return this.#invocation.signal;
  }
}

function noop(): void {}
