import type { GuardV1 } from '@tp/core';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  nonNegative,
} from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';

export interface TimeoutBudgetGuardOptions extends GuardBaseOptions {
  /** After this many ms of a request, new calls get a warning (degrade: finish up). */
  readonly softMs?: number;
  /** After this many ms of a request, new calls are refused. */
  readonly hardMs?: number;
  /** Clock, epoch milliseconds (default Date.now). */
  readonly now?: () => number;
}

/**
 * A wall-clock budget per request (counted from the plan, or from its first call): calls
 * started past the soft limit warn, past the hard limit are blocked. A request deadline
 * nearer than the tool's own timeout also warns.
 */
export function timeoutBudgetGuard(options: TimeoutBudgetGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('timeout-budget', options);
  const softMs = nonNegative('timeout-budget.softMs', options.softMs);
  const hardMs = nonNegative('timeout-budget.hardMs', options.hardMs);
  const now = options.now ?? Date.now;
  const started = new RequestState<{ at: number }>(() => ({ at: now() }));
  return {
    ...identity,
    plan({ context, dryRun }) {
      if (!dryRun) started.get(context);
      return ALLOW;
    },
    pre({ tool, context, dryRun }) {
      const time = now();
      const start = dryRun ? (started.peek(context)?.at ?? time) : started.get(context).at;
      const elapsed = time - start;
      if (hardMs !== undefined && elapsed >= hardMs) {
        return {
          verdict: 'block',
          reason: `the request has run ${elapsed} ms, past its hard budget of ${hardMs} ms`,
          details: { elapsedMs: elapsed },
        };
      }
      if (softMs !== undefined && elapsed >= softMs) {
        return {
          verdict: 'warn',
          reason: `the request has run ${elapsed} ms, past its soft budget of ${softMs} ms`,
          details: { elapsedMs: elapsed },
        };
      }
      if (
        context.deadline !== undefined &&
        tool.timeoutMs !== undefined &&
        context.deadline - time < tool.timeoutMs
      ) {
        return {
          verdict: 'warn',
          reason: `only ${context.deadline - time} ms remain, less than "${tool.name}" may need (${tool.timeoutMs} ms)`,
        };
      }
      return ALLOW;
    },
    endRequest: (context) => started.end(context),
  };
}
