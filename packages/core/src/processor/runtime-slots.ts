import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import { onAbort } from '../util/abort-fanout.js';

/** At most `capabilities().maxConcurrency` executions of one runtime at once, FIFO beyond. */
export interface RuntimeSlots {
  /**
   * `true` when a slot was free; otherwise resolves once one is, or rejects with the abort reason.
   * The signal is only read when the call has to wait (attempt signals are created lazily).
   */
  acquire(signalOf: () => AbortSignal): true | Promise<void>;
  release(): void;
}

// One set of slots per runtime instance, shared by every processor that uses it: the bound is
// the runtime's, not a processor's. `null`: the runtime declares no bound.
const slotsByRuntime = new WeakMap<ToolRuntimeV1, RuntimeSlots | null>();

/** The slots of a runtime that declares `capabilities().maxConcurrency`, else undefined. */
export function runtimeSlots(runtime: ToolRuntimeV1): RuntimeSlots | undefined {
  let slots = slotsByRuntime.get(runtime);
  if (slots === undefined) {
    const limit = declaredLimit(runtime);
    slots = limit === undefined ? null : createSlots(limit);
    slotsByRuntime.set(runtime, slots);
  }
  return slots ?? undefined;
}

function declaredLimit(runtime: ToolRuntimeV1): number | undefined {
  let limit: unknown;
  try {
    limit = runtime.capabilities().maxConcurrency;
  } catch {
    return undefined;
  }
  return Number.isInteger(limit) && (limit as number) > 0 ? (limit as number) : undefined;
}

function createSlots(limit: number): RuntimeSlots {
  let running = 0;
  const waiting = new Set<() => void>();
  return {
    acquire(signalOf) {
      if (running < limit) {
        running++;
        return true;
      }
      const signal = signalOf();
      return new Promise<void>((resolve, reject) => {
        // A released slot passes straight to the next waiter, so `running` stays counted for it.
        const take = () => {
          unsubscribe();
          resolve();
        };
        waiting.add(take);
        const unsubscribe = onAbort(signal, () => {
          waiting.delete(take);
          reject(signal.reason);
        });
      });
    },
    release() {
      for (const next of waiting) {
        waiting.delete(next);
        next();
        return;
      }
      running--;
    },
  };
}
