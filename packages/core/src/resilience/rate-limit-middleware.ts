import type {
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { MaybePromise } from '../contracts/maybe-promise.js';
import type {
  RateLimitDecision,
  RateLimitRule,
  RateLimitStoreV1,
} from '../contracts/stores/v1/rate-limit-store.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { abortReasonToErrorInfo } from '../errors/abort-reason.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import type { EventBus } from '../events/event-bus.js';
import { failure } from '../outcomes/call-outcomes.js';
import type { RateLimitWindow } from './resilience-options.js';
import { sleep } from './sleep.js';
import type { StoreFailures } from './store-failures.js';

export interface RateLimitPlan {
  /** Rules every call of the tool must fit (global, the tool's own). */
  readonly rules: readonly RateLimitRule[];
  /** Each tenant's own window, when configured. */
  readonly perTenant?: RateLimitWindow;
}

/** Tenants whose rule lists are kept; beyond it the table starts over (it is only a cache). */
const TENANT_RULES_KEPT = 1024;

/**
 * Sliding-window limits, global, per tool and per tenant, checked in one atomic store operation.
 * 'reject' fails at once with TOOL_RATE_LIMITED and retryAfterMs; 'wait' sleeps until the window
 * has room, but never past the call's deadline (then it fails the same way without sleeping).
 * A failing store is reported and handled by its fail mode (open: the call goes on unlimited).
 */
export function rateLimitMiddleware(
  planFor: (tool: ToolDefinition) => RateLimitPlan | undefined,
  mode: 'wait' | 'reject',
  store: RateLimitStoreV1,
  events: EventBus,
  failures: StoreFailures,
): CallMiddleware {
  return {
    name: 'rate-limit',
    wrap(next, tool) {
      const plan = planFor(tool);
      if (!plan) return next;
      const byTenant = new Map<string, readonly RateLimitRule[]>();
      const rulesFor = (invocation: CallInvocation): readonly RateLimitRule[] => {
        const tenant = invocation.context.tenant;
        if (!plan.perTenant || tenant === undefined) return plan.rules;
        let rules = byTenant.get(tenant);
        if (!rules) {
          if (byTenant.size >= TENANT_RULES_KEPT) byTenant.clear();
          rules = [...plan.rules, { key: `tenant:${tenant}`, ...plan.perTenant }];
          byTenant.set(tenant, rules);
        }
        return rules;
      };
      const limited = (invocation: CallInvocation, retryAfterMs: number, waiting: boolean) => {
        if (events.wants('rate-limit:limited')) {
          events.emit('rate-limit:limited', {
            callId: invocation.call.id,
            tool: tool.name,
            namespace: tool.namespace,
            context: invocation.context,
            retryAfterMs,
            mode: waiting ? 'wait' : 'reject',
          });
        }
      };
      const emitWait = (invocation: CallInvocation, since: number, acquired: boolean) =>
        events.emit('stage:wait', {
          callId: invocation.call.id,
          tool: tool.name,
          namespace: tool.namespace,
          context: invocation.context,
          stage: 'rate-limit',
          waitedMs: performance.now() - since,
          acquired,
        });
      const refuse = (invocation: CallInvocation, retryAfterMs: number, reason?: string) => {
        limited(invocation, retryAfterMs, false);
        return failure(
          toolErrorInfo(
            'TOOL_RATE_LIMITED',
            `tool "${tool.name}" is rate limited; retry in ${Math.ceil(retryAfterMs)} ms${reason ?? ''}`,
            { retryAfterMs: Math.ceil(retryAfterMs), details: { mode } },
          ),
        );
      };

      const storeFailed = (invocation: CallInvocation, operation: string, error: unknown) => {
        const refusal = failures.decide(operation, error, invocation);
        return refusal ? Promise.resolve(failure(refusal)) : next(invocation);
      };

      const afterDecision = async (
        invocation: CallInvocation,
        rules: readonly RateLimitRule[],
        pending: MaybePromise<RateLimitDecision>,
      ): Promise<CallOutcome> => {
        let decision: RateLimitDecision;
        // performance.now() when the call first waited (and someone listens to stage:wait).
        let waitedSince: number | undefined;
        const waited = (acquired: boolean) => {
          if (waitedSince !== undefined) emitWait(invocation, waitedSince, acquired);
        };
        try {
          decision = pending instanceof Promise ? await pending : pending;
          while (!decision.allowed) {
            if (mode === 'reject') return refuse(invocation, decision.retryAfterMs);
            const { deadline, signal } = invocation;
            if (deadline !== undefined && Date.now() + decision.retryAfterMs > deadline) {
              waited(false);
              return refuse(invocation, decision.retryAfterMs, ' (after the deadline)');
            }
            limited(invocation, decision.retryAfterMs, true);
            if (waitedSince === undefined && events.wants('stage:wait')) {
              waitedSince = performance.now();
            }
            if (!(await sleep(decision.retryAfterMs, signal))) {
              waited(false);
              return failure(abortReasonToErrorInfo(signal.reason));
            }
            const again = store.acquire(rules, Date.now());
            decision = again instanceof Promise ? await again : again;
          }
        } catch (error) {
          return storeFailed(invocation, 'acquire', error);
        }
        waited(true);
        return next(invocation);
      };

      return (invocation) => {
        const rules = rulesFor(invocation);
        let decision: ReturnType<RateLimitStoreV1['acquire']>;
        try {
          decision = store.acquire(rules, Date.now());
        } catch (error) {
          return storeFailed(invocation, 'acquire', error);
        }
        if (!(decision instanceof Promise) && decision.allowed) return next(invocation);
        return afterDecision(invocation, rules, decision);
      };
    },
    preview(invocation) {
      const plan = planFor(invocation.tool);
      if (!plan) return undefined;
      const tenant = invocation.context.tenant;
      const rules =
        plan.perTenant && tenant !== undefined
          ? [...plan.rules, { key: `tenant:${tenant}`, ...plan.perTenant }]
          : plan.rules;
      const toError = (decision: RateLimitDecision) =>
        decision.allowed
          ? undefined
          : toolErrorInfo('TOOL_RATE_LIMITED', `tool "${invocation.tool.name}" is rate limited`, {
              retryAfterMs: Math.ceil(decision.retryAfterMs),
              details: { mode },
            });
      const failed = (error: unknown) => failures.decide('peek', error, invocation);
      try {
        const decision = store.peek(rules, Date.now());
        return decision instanceof Promise ? decision.then(toError, failed) : toError(decision);
      } catch (error) {
        return failed(error);
      }
    },
  };
}
