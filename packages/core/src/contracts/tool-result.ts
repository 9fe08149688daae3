import type { ToolErrorInfo } from '../errors/tool-error-info.js';

export interface ToolWarning {
  readonly source: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What every result carries, whatever its outcome. */
export interface ToolResultBase {
  readonly callId: string;
  readonly tool: string;
  readonly namespace: string;
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

/** A call that succeeded: `value` is what the tool returned. */
export interface ToolSuccess extends ToolResultBase {
  readonly ok: true;
  readonly value: unknown;
  readonly error?: undefined;
}

/**
 * A call that failed: `error` says why, with a stable `code`. Only a dry run's refusal carries a
 * `value` (its report of the verdicts).
 */
export interface ToolFailure extends ToolResultBase {
  readonly ok: false;
  readonly error: ToolErrorInfo;
  readonly value?: unknown;
}

/**
 * The outcome of one call, discriminated on `ok` (`r.ok ? r.value : r.error.code` type-checks).
 * Every call of a batch gets exactly one.
 */
export type ToolResult = ToolSuccess | ToolFailure;
