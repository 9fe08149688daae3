import type {
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { abortReasonToErrorInfo } from '../errors/abort-reason.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import type { EventBus } from '../events/event-bus.js';
import { failure } from '../outcomes/call-outcomes.js';
import type { RetryOptions } from './resilience-options.js';
import { sleep } from './sleep.js';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: 'full' | 'none';
  readonly retryOn?: (error: ToolErrorInfo) => boolean;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  jitter: 'full',
};

/** Failures that say the call itself is wrong (or unwanted): retrying cannot help. */
const neverRetried = new Set([
  'not_found',
  'validation',
  'guard_blocked',
  'cancelled',
  'configuration',
  'parse',
]);

export function resolveRetryPolicy(
  global: RetryOptions | undefined,
  own: RetryOptions | false | undefined,
) {
  if (own === false || (global === undefined && own === undefined)) return undefined;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...global, ...own };
  return policy.maxAttempts > 1 ? policy : undefined;
}

/** The full-jitter exponential backoff before attempt `failedAttempt + 1`, at least the error's hint. */
export function backoffDelay(
  policy: RetryPolicy,
  failedAttempt: number,
  error: ToolErrorInfo,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  const delay = policy.jitter === 'full' ? Math.random() * ceiling : ceiling;
  return Math.max(delay, error.retryAfterMs ?? 0);
}

/**
 * Re-runs a failed call while its error is retryable, up to maxAttempts, sleeping a full-jitter
 * backoff in between. One deadline covers every attempt and every sleep: a backoff that would end
 * past it is not slept at all (TOOL_TIMEOUT at once). Cancellation interrupts the sleep.
 */
export function retryMiddleware(
  policyFor: (tool: ToolDefinition) => RetryPolicy | undefined,
  events: EventBus,
  /** What `retry:scheduled` may show of an attempt's error (the guards stage withholds secrets). */
  screenError: (error: ToolErrorInfo) => ToolErrorInfo = (error) => error,
): CallMiddleware {
  return {
    name: 'retry',
    wrap(next, tool) {
      const policy = policyFor(tool);
      if (!policy) return next;
      const shouldRetry = (error: ToolErrorInfo) =>
        !neverRetried.has(error.category) &&
        (policy.retryOn ? policy.retryOn(error) : error.retryable);
      return async (invocation) => {
        let attempts = 0;
        for (let attempt = invocation.attempt; ; attempt++) {
          const outcome = await next(
            attempt === invocation.attempt ? invocation : nextAttempt(invocation, attempt),
          );
          attempts += outcome.attempts;
          const error = outcome.error;
          if (
            outcome.ok ||
            !error ||
            attempt >= policy.maxAttempts ||
            invocation.signal.aborted ||
            !shouldRetry(error)
          ) {
            return attempts === outcome.attempts ? outcome : withAttempts(outcome, attempts);
          }
          const delayMs = backoffDelay(policy, attempt, error);
          if (invocation.deadline !== undefined && Date.now() + delayMs >= invocation.deadline) {
            return failure(
              toolErrorInfo(
                'TOOL_TIMEOUT',
                `tool "${tool.name}" ran out of time: the next retry (in ${Math.round(delayMs)} ms) would start after the deadline`,
                { details: { reason: 'deadline', attempts, lastError: error } },
              ),
              attempts,
            );
          }
          if (events.wants('retry:scheduled')) {
            events.emit('retry:scheduled', {
              callId: invocation.call.id,
              tool: tool.name,
              namespace: tool.namespace,
              attempt,
              delayMs,
              error: screenError(error),
              context: invocation.context,
            });
          }
          if (!(await sleep(delayMs, invocation.signal))) {
            return failure(abortReasonToErrorInfo(invocation.signal.reason), attempts);
          }
        }
      };
    },
  };
}

/**
 * The invocation of a later attempt, copied field by field: a spread would drop fields an
 * outer stage provides through getters (class instances such as the timeout stage's).
 */
function nextAttempt(invocation: CallInvocation, attempt: number): CallInvocation {
  return {
    call: invocation.call,
    tool: invocation.tool,
    args: invocation.args,
    context: invocation.context,
    signal: invocation.signal,
    deadline: invocation.deadline,
    attempt,
    onProgress: invocation.onProgress,
  };
}

function withAttempts(outcome: CallOutcome, attempts: number): CallOutcome {
  return { ...outcome, attempts };
}
