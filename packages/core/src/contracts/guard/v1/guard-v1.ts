import type { ToolErrorInfo } from '../../../errors/tool-error-info.js';
import type { ExecutionContext } from '../../execution-context.js';
import type { ToolCall } from '../../tool-call.js';
import type { ToolDefinition } from '../../tool-definition.js';

/** `plan`: the whole batch before anything runs; `pre`: one call after validation; `post`: its result. */
export type GuardPhase = 'plan' | 'pre' | 'post';

/** What a guard's verdicts do: `off` skips it, `warn` turns blocks and repairs into warnings. */
export type GuardEnforcement = 'off' | 'warn' | 'block';

export type GuardVerdictKind = 'allow' | 'warn' | 'block' | 'repair';

type Details = Readonly<Record<string, unknown>>;

/**
 * A guard's answer. `reason` and `details` end up in results and events, so they must describe
 * the problem without quoting sensitive data.
 */
export type GuardVerdict =
  | { readonly verdict: 'allow' }
  | { readonly verdict: 'warn'; readonly reason: string; readonly details?: Details }
  | {
      readonly verdict: 'block';
      readonly reason: string;
      readonly details?: Details;
      /** Plan phase only: the calls this block applies to (absent: the whole batch). */
      readonly callIds?: readonly string[];
    }
  | {
      readonly verdict: 'repair';
      readonly reason: string;
      readonly details?: Details;
      /** Replacement arguments (pre) or result value (post), seen by later guards and the tool. */
      readonly value: unknown;
    };

/** One guard's say on one call (or plan), as reported by dry runs. */
export interface GuardVerdictRecord {
  readonly guard: string;
  readonly phase: GuardPhase;
  /** What the guard answered. */
  readonly verdict: GuardVerdictKind;
  /** What took effect after the guard's enforcement level (a 'warn'-level block is a warn). */
  readonly applied: GuardVerdictKind;
  readonly reason?: string;
}

export interface GuardCallInput {
  readonly call: ToolCall;
  readonly tool: ToolDefinition;
  /** Validated arguments, as repaired by earlier guards. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly context: ExecutionContext;
  /** True during `process(input, { dryRun: true })`: answer, but change no state. */
  readonly dryRun: boolean;
}

export interface GuardCallResult {
  readonly ok: boolean;
  /** The value, as repaired by earlier post guards. */
  readonly value?: unknown;
  readonly error?: ToolErrorInfo;
}

export interface GuardPostInput extends GuardCallInput {
  readonly result: GuardCallResult;
}

export interface PlannedCall {
  readonly call: ToolCall;
  /** The definition the call resolves to; absent when it resolves to none (it will fail anyway). */
  readonly tool?: ToolDefinition;
}

export interface GuardPlanInput {
  readonly calls: readonly PlannedCall[];
  readonly context: ExecutionContext;
  readonly dryRun: boolean;
}

type MaybePromise<T> = T | Promise<T>;

/**
 * A guard (contract v1). Implement any of the phase methods; a guard that throws (or rejects)
 * is treated as a block: guards fail closed.
 */
export interface GuardV1 {
  readonly specificationVersion: 'v1';
  /** Stable kebab-case name, used in GUARD_BLOCKED errors, warnings and events. */
  readonly name: string;
  /** Default 'block'. */
  readonly enforcement?: GuardEnforcement;
  plan?(input: GuardPlanInput): MaybePromise<GuardVerdict>;
  pre?(input: GuardCallInput): MaybePromise<GuardVerdict>;
  /** Runs once per call on its final outcome (after retries), successful or not. */
  post?(input: GuardPostInput): MaybePromise<GuardVerdict>;
  /**
   * Runs once a call is over, for every guard whose `pre` let it through (also when a later
   * guard blocked it): the place to release what `pre` acquired. Not run in dry runs.
   */
  settle?(input: GuardPostInput): void;
  /** The request is over: drop any state kept for `context.requestId`. */
  endRequest?(context: ExecutionContext): void;
  /**
   * True when `value` holds data this guard keeps out of results and events (a secret). The
   * processor asks before it reports what no post phase will judge: an attempt's error in a
   * `retry:scheduled` event, and every guard's `reason` and `details` (in `GUARD_BLOCKED`
   * errors, warnings and `guard:verdict` events); what is withheld is reported without it.
   * Only asked of guards whose enforcement is 'block'; a guard that throws withholds.
   */
  withholds?(value: unknown): boolean;
}

export type Guard = GuardV1;
