import type { ToolErrorInfo } from '../errors/tool-error-info.js';

export interface ToolWarning {
  readonly source: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The outcome of one call. Every call of a batch gets exactly one. */
export interface ToolResult {
  readonly callId: string;
  readonly tool: string;
  readonly namespace: string;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: ToolErrorInfo;
  /** How many times the runtime was invoked (0 when the call never reached it). */
  readonly attempts: number;
  readonly cached: boolean;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly durationMs: number;
  /** Runtime kind that ran (or would have run) the call; '' when the tool was not resolved. */
  readonly runtime: string;
  readonly warnings?: readonly ToolWarning[];
}
