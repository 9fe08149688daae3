import type { ExecutionContext } from '../contracts/execution-context.js';
import type { ToolResult } from '../contracts/tool-result.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import type { GuardPhase, GuardVerdictKind } from '../guards/guard-v1.js';
import type { ParseIssue } from '../parsing/parse-issue.js';
import type { CircuitState } from '../resilience/stores/circuit-state-machine.js';
import type { StoreFailMode, StoreStage } from '../resilience/stores/store-lifecycle.js';
import { reportListenerError } from '../util/report-listener-error.js';

/**
 * Every event the processor emits, keyed by type. Plugins add their own events by declaration
 * merging (`declare module '@tp/core' { interface TpEventMap { ... } }`).
 */
export interface TpEventMap {
  'call:start': {
    readonly callId: string;
    readonly tool: string;
    readonly namespace: string;
    readonly runtime: string;
    readonly context: ExecutionContext;
  };
  'call:end': { readonly result: ToolResult; readonly context: ExecutionContext };
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
  /** A failed attempt will be retried after `delayMs`. */
  'retry:scheduled': ResilienceCallEvent & {
    /** The attempt that failed. */
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: ToolErrorInfo;
  };
  'cache:hit': ResilienceCallEvent & { readonly key: string };
  'cache:miss': ResilienceCallEvent & { readonly key: string };
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
}

/** Fields shared by the resilience stages' per-call events. */
export interface ResilienceCallEvent {
  readonly callId: string;
  readonly tool: string;
  readonly namespace: string;
  readonly context: ExecutionContext;
}

export type TpEventType = keyof TpEventMap;
export type TpEvent = {
  [Type in TpEventType]: { readonly type: Type } & TpEventMap[Type];
}[TpEventType];
export type TpEventListener<Type extends TpEventType> = (
  event: { readonly type: Type } & TpEventMap[Type],
) => void;

export interface EventBus {
  on<Type extends TpEventType>(type: Type, listener: TpEventListener<Type>): () => void;
  /** Every event of every type (exporters, loggers). */
  onAny(listener: (event: TpEvent) => void): () => void;
  /** Cheap check so emitters can skip building a payload nobody listens to. */
  wants(type: TpEventType): boolean;
  emit<Type extends TpEventType>(type: Type, payload: TpEventMap[Type]): void;
}

/**
 * A synchronous, typed event bus. A listener that throws is isolated: the other listeners still
 * get the event, the call being processed never sees the error, and the error is reported to
 * `onListenerError` (default: a process warning named `TpListenerError`).
 */
export function createEventBus(
  onListenerError: (error: unknown, event: TpEvent) => void = (error) =>
    reportListenerError('an event', error),
): EventBus {
  const byType = new Map<TpEventType, Set<(event: TpEvent) => void>>();
  const any = new Set<(event: TpEvent) => void>();

  const deliver = (listener: (event: TpEvent) => void, event: TpEvent) => {
    try {
      listener(event);
    } catch (error) {
      try {
        onListenerError(error, event);
      } catch {
        // The error reporter failing must not reach the call being processed either.
      }
    }
  };

  return {
    on(type, listener) {
      let listeners = byType.get(type);
      if (!listeners) byType.set(type, (listeners = new Set()));
      const stored = listener as unknown as (event: TpEvent) => void;
      listeners.add(stored);
      return () => listeners.delete(stored);
    },
    onAny(listener) {
      any.add(listener);
      return () => any.delete(listener);
    },
    wants(type) {
      return any.size > 0 || (byType.get(type)?.size ?? 0) > 0;
    },
    emit(type, payload) {
      const listeners = byType.get(type);
      if (any.size === 0 && !listeners?.size) return;
      const event = { type, ...payload } as TpEvent;
      if (listeners) for (const listener of listeners) deliver(listener, event);
      for (const listener of any) deliver(listener, event);
    },
  };
}
