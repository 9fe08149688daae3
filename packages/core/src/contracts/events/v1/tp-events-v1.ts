import type { ToolErrorInfo } from '../../../errors/tool-error-info.js';
import type { ParseIssue } from '../../../parsing/parse-issue.js';
import type { ExecutionContext } from '../../execution-context.js';
import type { GuardPhase, GuardVerdictKind } from '../../guard/v1/guard-v1.js';
import type { CircuitState } from '../../stores/v1/circuit-state-store.js';
import type { StoreFailMode, StoreStage } from '../../stores/v1/store-lifecycle.js';
import type { ToolResult } from '../../tool-result.js';

/**
 * Version of the event contract below. v1 only grows: new event types and new optional fields;
 * renaming or removing a field, or changing its meaning, makes a v2 (docs/events.md).
 */
export const EVENTS_SPEC_VERSION = 'v1' as const;

/**
 * Every event the processor emits, keyed by type (docs/events.md). Plugins add their own events
 * by declaration merging (`declare module '@tp/core' { interface TpEventMap { ... } }`); the
 * `store:` prefix is reserved for the stores' events (`store:error`).
 */
export interface TpEventMap {
  /** A process()/execute()/stream() request or a processBatch() run begins. */
  'request:start': {
    /** Calls of the request (absent for processBatch(), which reads its calls lazily). */
    readonly calls?: number;
    readonly context: ExecutionContext;
  };
  /** The request is over: every call has its result. */
  'request:end': {
    readonly durationMs: number;
    readonly context: ExecutionContext;
  };
  'call:start': {
    readonly callId: string;
    readonly tool: string;
    readonly namespace: string;
    readonly runtime: string;
    /** The validated arguments; absent when a guard withholds them (they quote a secret). */
    readonly arguments?: Readonly<Record<string, unknown>>;
    readonly context: ExecutionContext;
  };
  'call:end': { readonly result: ToolResult; readonly context: ExecutionContext };
  /** One attempt (one runtime invocation, bounded by the timeout stage) begins. */
  'attempt:start': AttemptEvent;
  /** One attempt ended; `error` is what the guards let events show (never a withheld secret). */
  'attempt:end': AttemptEvent & {
    readonly durationMs: number;
    readonly ok: boolean;
    readonly error?: ToolErrorInfo;
  };
  'parse:issue': { readonly issue: ParseIssue };
  /** One guard's verdict on a plan or a call; `reason` never quotes sensitive data. */
  'guard:verdict': {
    readonly guard: string;
    readonly phase: GuardPhase;
    /** What the guard answered. */
    readonly verdict: GuardVerdictKind;
    /** What took effect after the guard's enforcement level. */
    readonly applied: GuardVerdictKind;
    readonly reason?: string;
    readonly callId?: string;
    readonly tool?: string;
    /** Time the guard took, microseconds. */
    readonly latencyUs: number;
    readonly dryRun: boolean;
    readonly context: ExecutionContext;
  };
  /** A failed attempt will be retried after `delayMs`; `error` is screened like attempt:end's. */
  'retry:scheduled': ResilienceCallEvent & {
    /** The attempt that failed. */
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: ToolErrorInfo;
  };
  'cache:hit': ResilienceCallEvent & { readonly key: string };
  'cache:miss': ResilienceCallEvent & { readonly key: string };
  /** A circuit breaker changed state (`key` is the breaker's: a tool's, or its group's). */
  'circuit:state-change': {
    readonly key: string;
    readonly tool: string;
    readonly namespace: string;
    readonly from: CircuitState;
    readonly to: CircuitState;
  };
  'rate-limit:limited': ResilienceCallEvent & {
    readonly retryAfterMs: number;
    /** 'reject': the call failed; 'wait': it waits `retryAfterMs` and tries again. */
    readonly mode: 'wait' | 'reject';
  };
  'bulkhead:rejected': ResilienceCallEvent & { readonly reason: 'queue_full' | 'timeout' };
  /** A stage's store failed; `failMode` says what the stage did about it. */
  'store:error': Partial<ResilienceCallEvent> & {
    readonly store: StoreStage;
    /** The store method that failed (`acquire`, `get`, `settle`...). */
    readonly operation: string;
    readonly message: string;
    /** 'open': the call went on without the store; 'closed': it failed with RUNTIME_UNAVAILABLE. */
    readonly failMode: StoreFailMode;
  };
  /**
   * A call waited in a stage (rate limit in 'wait' mode, bulkhead queue) and the wait is over:
   * `acquired` says whether it got through (false: refused, timed out or cancelled).
   */
  'stage:wait': ResilienceCallEvent & {
    readonly stage: 'rate-limit' | 'bulkhead';
    readonly waitedMs: number;
    readonly acquired: boolean;
  };
  /** A runtime loaded a tool (once per tool and runtime; a failed load is tried again later). */
  'runtime:load': {
    readonly tool: string;
    readonly namespace: string;
    readonly runtime: string;
    readonly durationMs: number;
    readonly ok: boolean;
    readonly error?: ToolErrorInfo;
  };
  /** The processor disposed a runtime it owns (close()), with every tool it had loaded. */
  'runtime:unload': {
    readonly runtime: string;
    readonly durationMs: number;
    readonly ok: boolean;
    readonly error?: ToolErrorInfo;
  };
}

/** Fields shared by the per-call events of the stages. */
export interface ResilienceCallEvent {
  readonly callId: string;
  readonly tool: string;
  readonly namespace: string;
  readonly context: ExecutionContext;
}

export interface AttemptEvent extends ResilienceCallEvent {
  readonly runtime: string;
  /** 1-based. */
  readonly attempt: number;
}

export type TpEventType = keyof TpEventMap;

/** Fields every delivered event has, whatever its type. */
export interface TpEventEnvelope<Type extends TpEventType = TpEventType> {
  readonly type: Type;
  /** When it happened: epoch milliseconds with sub-millisecond precision. */
  readonly time: number;
}

export type TpEventOf<Type extends TpEventType> = TpEventEnvelope<Type> & TpEventMap[Type];

export type TpEvent = { [Type in TpEventType]: TpEventOf<Type> }[TpEventType];

export type TpEventListener<Type extends TpEventType> = (event: TpEventOf<Type>) => void;
