import type { ExecutionContext } from '../contracts/execution-context.js';
import { createExecutionContext } from './execution-context.js';

// Contexts are frozen: every helper returns a new, checked context and leaves its input as is.

/** The earlier of the context's deadline and `deadline` (a context never gains time). */
export function withDeadline(context: ExecutionContext, deadline: number): ExecutionContext {
  const earliest = context.deadline === undefined ? deadline : Math.min(context.deadline, deadline);
  return createExecutionContext({ ...context, deadline: earliest });
}

/** withDeadline(now + timeoutMs). */
export function withTimeout(context: ExecutionContext, timeoutMs: number): ExecutionContext {
  return withDeadline(context, Date.now() + timeoutMs);
}

export function withTenant(context: ExecutionContext, tenant: string): ExecutionContext {
  return createExecutionContext({ ...context, tenant });
}

export function withUser(context: ExecutionContext, user: string): ExecutionContext {
  return createExecutionContext({ ...context, user });
}

export function withCorrelationId(
  context: ExecutionContext,
  correlationId: string,
): ExecutionContext {
  return createExecutionContext({ ...context, correlationId });
}

/** Replaces the trace context; a tracestate belongs to its traceparent, so it is dropped unless given. */
export function withTrace(
  context: ExecutionContext,
  traceparent: string,
  tracestate?: string,
): ExecutionContext {
  const { tracestate: _previous, ...rest } = context;
  return createExecutionContext({
    ...rest,
    traceparent,
    ...(tracestate !== undefined ? { tracestate } : {}),
  });
}

/** Merges `budget` into the context's budget (a name given here replaces the old amount). */
export function withBudget(
  context: ExecutionContext,
  budget: Readonly<Record<string, number>>,
): ExecutionContext {
  return createExecutionContext({ ...context, budget: { ...context.budget, ...budget } });
}

/** Merges `metadata` into the context's metadata (shallow). */
export function withMetadata(
  context: ExecutionContext,
  metadata: Readonly<Record<string, unknown>>,
): ExecutionContext {
  return createExecutionContext({ ...context, metadata: { ...context.metadata, ...metadata } });
}
