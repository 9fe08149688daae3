import type { ToolErrorInfo } from '../../../errors/tool-error-info.js';
import type { ExecutionContext } from '../../execution-context.js';
import type { ProgressUpdate } from '../../runtime/v1/tool-runtime-v1.js';
import type { ToolCall } from '../../tool-call.js';
import type { ToolDefinition } from '../../tool-definition.js';
import type { ToolWarning } from '../../tool-result.js';

/** One call on its way through the middleware stack. */
export interface CallInvocation {
  readonly call: ToolCall;
  readonly tool: ToolDefinition;
  /** Validated arguments. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly context: ExecutionContext;
  /** Aborts on caller cancellation or processor close (and, inside the timeout stage, on timeout). */
  readonly signal: AbortSignal;
  /** Absolute deadline covering every attempt of this call, epoch milliseconds. */
  readonly deadline?: number;
  /** 1-based attempt number (the retry stage increments it). */
  readonly attempt: number;
  readonly onProgress?: (update: ProgressUpdate) => void;
}

/** What a stage hands back. Stages never throw; failures are outcomes. */
export interface CallOutcome {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: ToolErrorInfo;
  /** Times the runtime was invoked. */
  readonly attempts: number;
  readonly cached: boolean;
  readonly warnings?: readonly ToolWarning[];
}

export type CallHandler = (invocation: CallInvocation) => Promise<CallOutcome>;

/**
 * A stage of the per-call pipeline. `wrap` is called once per tool (the composed handler is
 * cached), so a stage that does not apply to a tool returns `next` and costs nothing per call.
 */
export interface CallMiddleware {
  readonly name: string;
  wrap(next: CallHandler, tool: ToolDefinition): CallHandler;
  /**
   * Dry run: would this stage refuse the call right now? Must not change any state (no tokens
   * taken, no slots held, no breaker transitions). Undefined means "would let it through".
   */
  preview?(
    invocation: CallInvocation,
  ): Promise<ToolErrorInfo | undefined> | ToolErrorInfo | undefined;
}
