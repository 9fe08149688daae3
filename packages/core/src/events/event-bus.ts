import type {
  TpEvent,
  TpEventListener,
  TpEventMap,
  TpEventType,
} from '../contracts/events/v1/tp-events-v1.js';
import { reportListenerError } from '../util/report-listener-error.js';

export {
  type AttemptEvent,
  EVENTS_SPEC_VERSION,
  type ResilienceCallEvent,
  type TpEvent,
  type TpEventEnvelope,
  type TpEventListener,
  type TpEventMap,
  type TpEventOf,
  type TpEventType,
} from '../contracts/events/v1/tp-events-v1.js';

export interface EventBus {
  on<Type extends TpEventType>(type: Type, listener: TpEventListener<Type>): () => void;
  /** Every event of every type (exporters, loggers). */
  onAny(listener: (event: TpEvent) => void): () => void;
  /** Cheap check so emitters can skip building a payload (and timing) nobody listens to. */
  wants(type: TpEventType): boolean;
  /** Delivers `{ type, time, ...payload }`; `time` is now (epoch ms, sub-ms precision). */
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
  // Listeners of any kind: with none, wants() and emit() answer from one comparison.
  let listening = 0;
  const subscribe = (set: Set<(event: TpEvent) => void>, listener: (event: TpEvent) => void) => {
    if (!set.has(listener)) {
      set.add(listener);
      listening++;
    }
    return () => {
      if (set.delete(listener)) listening--;
    };
  };

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
      return subscribe(listeners, listener as unknown as (event: TpEvent) => void);
    },
    onAny(listener) {
      return subscribe(any, listener);
    },
    wants(type) {
      return listening !== 0 && (any.size > 0 || (byType.get(type)?.size ?? 0) > 0);
    },
    emit(type, payload) {
      if (listening === 0) return;
      const listeners = byType.get(type);
      if (any.size === 0 && !listeners?.size) return;
      const event = { type, time: epochNow(), ...payload } as TpEvent;
      if (listeners) for (const listener of listeners) deliver(listener, event);
      for (const listener of any) deliver(listener, event);
    },
  };
}

/** Epoch milliseconds with the monotonic clock's precision (span timestamps need sub-ms). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
