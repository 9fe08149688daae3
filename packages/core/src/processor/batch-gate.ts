import type { ToolCall } from '../contracts/tool-call.js';
import { createInFlightGate, type InFlightGate } from './in-flight-gate.js';

/** Admits one call of a batch: resolves with the task's result once the call was allowed to run. */
export type BatchGate = <Result>(call: ToolCall, task: () => Promise<Result>) => Promise<Result>;

/**
 * The limits a batch keeps across all its chunks: `maxInFlight` calls at once, and each pool's
 * limit. A call first waits for its pool, then for an in-flight slot, so a call held back by a
 * full pool never occupies one of the batch's slots.
 */
export function createBatchGate(
  maxInFlight: number,
  pools: Readonly<Record<string, number>>,
): BatchGate {
  const inFlight = createInFlightGate(maxInFlight);
  const poolGates = new Map<string, InFlightGate>();
  return (call, task) => {
    const pool = typeof call?.pool === 'string' ? call.pool : undefined;
    const limit = pool === undefined ? undefined : pools[pool];
    if (pool === undefined || limit === undefined) return inFlight(task);
    let poolGate = poolGates.get(pool);
    if (!poolGate) poolGates.set(pool, (poolGate = createInFlightGate(limit)));
    return poolGate(() => inFlight(task));
  };
}
