import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import type { EventBus } from '../events/event-bus.js';
import type {
  CallHandler,
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from './call-middleware.js';

/**
 * Emits `attempt:start`/`attempt:end` around each attempt (just outside the timeout stage, so a
 * timed-out attempt ends when the timeout fires). With nobody listening a call costs two
 * `wants()` checks and nothing else: no clock read, no payload, no extra promise.
 */
export function attemptEventsMiddleware(
  events: EventBus,
  /** What `attempt:end` may show of an attempt's error (the guards stage withholds secrets). */
  screenError: (error: ToolErrorInfo) => ToolErrorInfo = (error) => error,
): CallMiddleware {
  return {
    name: 'attempt-events',
    wrap(next, tool) {
      const observed = async (invocation: CallInvocation, announce: boolean, end: boolean) => {
        const fields = {
          callId: invocation.call.id,
          tool: tool.name,
          namespace: tool.namespace,
          runtime: tool.runtime,
          attempt: invocation.attempt,
          context: invocation.context,
        };
        if (announce) events.emit('attempt:start', fields);
        const start = performance.now();
        const outcome: CallOutcome = await next(invocation);
        if (end) {
          events.emit('attempt:end', {
            ...fields,
            durationMs: performance.now() - start,
            ok: outcome.ok,
            ...(outcome.error ? { error: screenError(outcome.error) } : {}),
          });
        }
        return outcome;
      };
      const handler: CallHandler = (invocation) => {
        const announce = events.wants('attempt:start');
        const end = events.wants('attempt:end');
        return announce || end ? observed(invocation, announce, end) : next(invocation);
      };
      return handler;
    },
  };
}
