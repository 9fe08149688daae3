import type { ToolCall } from '../contracts/tool-call.js';
import { containsRef } from './call-refs.js';

/**
 * Whether any call needs the DAG scheduler: it declares dependencies, a pool or a priority,
 * references another call's result, or has an estimate that matters because there is a
 * deadline. Kept to a few property reads per call: it runs on the fast path of every batch.
 */
export function needsScheduling(calls: readonly ToolCall[], deadline: number | undefined): boolean {
  for (const call of calls) {
    if (typeof call !== 'object' || call === null) continue;
    if (
      call.dependsOn !== undefined ||
      call.pool !== undefined ||
      call.priority !== undefined ||
      (deadline !== undefined && call.estimatedMs !== undefined) ||
      containsRef(call.arguments)
    ) {
      return true;
    }
  }
  return false;
}
