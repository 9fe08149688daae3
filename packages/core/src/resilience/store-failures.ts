import type { CallInvocation } from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { StoreFailMode, StoreStage } from '../contracts/stores/v1/store-lifecycle.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import type { EventBus } from '../events/event-bus.js';
import { emitTpWarning } from '../util/emit-tp-warning.js';

/** What each stage does when its store fails, unless `resilience.stores.failMode` says otherwise. */
export const DEFAULT_STORE_FAIL_MODES: Readonly<Record<StoreStage, StoreFailMode>> = {
  cache: 'open',
  rateLimit: 'open',
  circuit: 'open',
  bulkhead: 'closed',
};

/** With nobody listening to 'store:error', one warning per stage per this long. */
const WARNING_INTERVAL_MS = 60_000;

/** How one stage reports its store's failures and applies its fail mode. */
export interface StoreFailures {
  readonly mode: StoreFailMode;
  /**
   * A failed operation that decides about the call (admit, acquire, get...): reported, then the
   * error to fail the call with when failing closed, undefined when failing open.
   */
  decide(operation: string, error: unknown, invocation?: CallInvocation): ToolErrorInfo | undefined;
  /** A failed operation that cannot change the call's outcome (settle, release, set): reported. */
  report(operation: string, error: unknown, invocation?: CallInvocation): void;
}

export function storeFailures(
  store: StoreStage,
  mode: StoreFailMode,
  events: EventBus,
): StoreFailures {
  let lastWarning = Number.NEGATIVE_INFINITY;
  const report = (operation: string, error: unknown, invocation?: CallInvocation) => {
    const message = error instanceof Error ? error.message : String(error);
    if (events.wants('store:error')) {
      events.emit('store:error', {
        store,
        operation,
        message,
        failMode: mode,
        ...(invocation
          ? {
              callId: invocation.call.id,
              tool: invocation.tool.name,
              namespace: invocation.tool.namespace,
              context: invocation.context,
            }
          : {}),
      });
      return;
    }
    const now = Date.now();
    if (now - lastWarning < WARNING_INTERVAL_MS) return;
    lastWarning = now;
    emitTpWarning(
      'TpStoreError',
      `[tp] the ${store} store failed (${operation}: ${message}); failing ${mode}. Listen to 'store:error' to see every failure.`,
      error,
    );
  };
  return {
    mode,
    report,
    decide(operation, error, invocation) {
      report(operation, error, invocation);
      if (mode === 'open') return undefined;
      return toolErrorInfo(
        'RUNTIME_UNAVAILABLE',
        `the ${store} store is unavailable (${operation} failed) and the ${store} stage fails closed`,
        { details: { store, operation } },
      );
    },
  };
}
