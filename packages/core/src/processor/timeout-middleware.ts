import type {
  CallMiddleware,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { abortReasonToErrorInfo } from '../errors/abort-reason.js';
import { TpError, toErrorInfo } from '../errors/tp-error.js';
import { failure } from '../outcomes/call-outcomes.js';
import { onAbort } from '../util/abort-fanout.js';
import { LazyAbortController } from '../util/lazy-abort.js';
import { AttemptInvocation } from './attempt-invocation.js';

/**
 * Bounds one attempt by the tool's timeout (or the processor default) and the call's deadline,
 * whichever ends first, and stops waiting at once when the caller cancels. The runtime sees the
 * attempt's own signal, aborted with a TOOL_TIMEOUT/TOOL_CANCELLED TpError as its reason.
 * The outcome settles exactly once; a late runtime result is dropped.
 */
export function timeoutMiddleware(
  defaultTimeoutMs: number,
  configuredTimeoutMs: (tool: ToolDefinition) => number | undefined = () => undefined,
): CallMiddleware {
  return {
    name: 'timeout',
    wrap(next, tool) {
      // Operator configuration (processor `tools[...]`) wins over the tool's own declaration.
      const attemptTimeoutMs = configuredTimeoutMs(tool) ?? tool.timeoutMs ?? defaultTimeoutMs;
      return (invocation) => {
        const parent = invocation.signal;
        if (parent.aborted) return Promise.resolve(failure(abortReasonToErrorInfo(parent.reason)));
        let budgetMs = attemptTimeoutMs;
        let limitedByDeadline = false;
        if (invocation.deadline !== undefined) {
          const remaining = invocation.deadline - Date.now();
          if (remaining < budgetMs) {
            budgetMs = remaining;
            limitedByDeadline = true;
          }
        }
        if (budgetMs <= 0) return Promise.resolve(failure(deadlineError(tool.name).toInfo()));

        const controller = new LazyAbortController();
        return new Promise<CallOutcome>((resolve) => {
          let settled = false;
          const finish = (outcome: CallOutcome) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            unsubscribe();
            resolve(outcome);
          };
          const onParentAbort = () => {
            controller.abort(parent.reason);
            finish(failure(abortReasonToErrorInfo(parent.reason), 1));
          };
          const timer = setTimeout(() => {
            const error = limitedByDeadline
              ? deadlineError(tool.name)
              : new TpError({
                  code: 'TOOL_TIMEOUT',
                  message: `tool "${tool.name}" did not finish within ${attemptTimeoutMs} ms`,
                  details: { timeoutMs: attemptTimeoutMs },
                });
            controller.abort(error);
            finish(failure(error.toInfo(), 1));
          }, budgetMs);
          const unsubscribe = onAbort(parent, onParentAbort);
          // The runtime sees this attempt's own deadline (the earlier of timeout and request deadline).
          const attempt = new AttemptInvocation(invocation, controller, Date.now() + budgetMs);
          let pending: Promise<CallOutcome>;
          try {
            pending = next(attempt);
          } catch (error) {
            // A custom stage that throws instead of returning an outcome.
            pending = Promise.reject(error);
          }
          pending.then(finish, (error: unknown) => finish(failure(toErrorInfo(error), 1)));
        });
      };
    },
  };
}

function deadlineError(toolName: string): TpError {
  return new TpError({
    code: 'TOOL_TIMEOUT',
    message: `tool "${toolName}" ran out of time: the request deadline passed`,
    details: { reason: 'deadline' },
  });
}
