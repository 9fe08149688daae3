import type {
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type {
  CircuitAdmission,
  CircuitPolicy,
  CircuitResult,
  CircuitStateStoreV1,
  CircuitTransition,
} from '../contracts/stores/v1/circuit-state-store.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import type { EventBus } from '../events/event-bus.js';
import { failure } from '../outcomes/call-outcomes.js';
import type { StoreFailures } from './store-failures.js';

export interface CircuitBreakerPlan {
  readonly key: string;
  /** The resilience group whose breaker this is, when the tool shares its group's. */
  readonly group?: string;
  readonly policy: CircuitPolicy;
  readonly isFailure: (error: ToolErrorInfo) => boolean;
}

/** Failures that say something about the tool's health (not about the call or another stage). */
const countedCategories = new Set(['execution', 'timeout', 'connection']);

export function defaultIsFailure(error: ToolErrorInfo): boolean {
  return countedCategories.has(error.category);
}

/**
 * Refuses calls at once (TOOL_CIRCUIT_OPEN with retryAfterMs) while a tool keeps failing. The
 * breaker sits outside retry, so one call counts once however many attempts it took. State lives
 * in the CircuitStateStore; every transition is a 'circuit:state-change' event. A failing store is
 * reported and handled by its fail mode (open: the call runs unguarded).
 */
export function circuitBreakerMiddleware(
  planFor: (tool: ToolDefinition) => CircuitBreakerPlan | undefined,
  store: CircuitStateStoreV1,
  events: EventBus,
  failures: StoreFailures,
): CallMiddleware {
  const announce = (
    tool: ToolDefinition,
    key: string,
    transition: CircuitTransition | undefined,
  ) => {
    if (transition && events.wants('circuit:state-change')) {
      events.emit('circuit:state-change', {
        key,
        tool: tool.name,
        namespace: tool.namespace,
        from: transition.from,
        to: transition.to,
      });
    }
  };
  const openError = (tool: ToolDefinition, plan: CircuitBreakerPlan, admission: CircuitAdmission) =>
    toolErrorInfo(
      'TOOL_CIRCUIT_OPEN',
      `${plan.group === undefined ? `tool "${tool.name}" is` : `the tools of group "${plan.group}" (tool "${tool.name}") are`} failing; the circuit breaker is ${admission.state === 'open' ? 'open' : 'half-open and busy with probes'}`,
      {
        retryAfterMs: Math.max(1, Math.ceil(admission.retryAfterMs)),
        details: {
          state: admission.state,
          ...(plan.group === undefined ? {} : { group: plan.group }),
        },
      },
    );

  return {
    name: 'circuit-breaker',
    wrap(next, tool) {
      const plan = planFor(tool);
      if (!plan) return next;
      const { key, policy, isFailure } = plan;
      const judge = (outcome: CallOutcome): CircuitResult =>
        outcome.ok ? 'success' : outcome.error && isFailure(outcome.error) ? 'failure' : 'ignore';

      const run = async (invocation: CallInvocation, admission: CircuitAdmission) => {
        if (admission.transition) announce(tool, key, admission.transition);
        if (!admission.allowed) return failure(openError(tool, plan, admission));
        const outcome = await next(invocation);
        let settled: ReturnType<CircuitStateStoreV1['settle']> | undefined;
        const lost = (error: unknown) => failures.report('settle', error, invocation);
        try {
          settled = store.settle(key, policy, admission, judge(outcome), Date.now());
        } catch (error) {
          // A failing store loses this result; the call's outcome stands.
          lost(error);
        }
        if (settled instanceof Promise) {
          settled.then((transition) => announce(tool, key, transition), lost);
        } else if (settled) {
          announce(tool, key, settled);
        }
        return outcome;
      };

      const storeFailed = (invocation: CallInvocation, error: unknown) => {
        const refusal = failures.decide('admit', error, invocation);
        return refusal ? Promise.resolve(failure(refusal)) : next(invocation);
      };

      return (invocation) => {
        let admission: ReturnType<CircuitStateStoreV1['admit']>;
        try {
          admission = store.admit(key, policy, Date.now());
        } catch (error) {
          return storeFailed(invocation, error);
        }
        return admission instanceof Promise
          ? admission.then(
              (decided) => run(invocation, decided),
              (error: unknown) => storeFailed(invocation, error),
            )
          : run(invocation, admission);
      };
    },
    preview(invocation) {
      const plan = planFor(invocation.tool);
      if (!plan) return undefined;
      const toError = (admission: CircuitAdmission) =>
        admission.allowed ? undefined : openError(invocation.tool, plan, admission);
      const failed = (error: unknown) => failures.decide('peek', error, invocation);
      try {
        const admission = store.peek(plan.key, plan.policy, Date.now());
        return admission instanceof Promise ? admission.then(toError, failed) : toError(admission);
      } catch (error) {
        return failed(error);
      }
    },
  };
}
