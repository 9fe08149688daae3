import type {
  CallHandler,
  CallInvocation,
  CallMiddleware,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import type { EventBus } from '../events/event-bus.js';

/**
 * Emits `attempt:start`/`attempt:end` around each attempt (just outside the timeout stage, so a
 * timed-out attempt ends when the timeout fires). With nobody listening a call costs two
 * `wants()` checks and nothing else: no clock read, no payload, no extra promise. Payloads are
 * plain literals (no spread): V8 builds a literal that spreads another object on a slow path.
 */
export function attemptEventsMiddleware(
  events: EventBus,
  /** What `attempt:end` may show of an attempt's error (the guards stage withholds secrets). */
  screenError: (error: ToolErrorInfo) => ToolErrorInfo = (error) => error,
): CallMiddleware {
  return {
    name: 'attempt-events',
    wrap(next, tool) {
      const { name, namespace, runtime } = tool;
      const observed = async (invocation: CallInvocation, announce: boolean, end: boolean) => {
        const callId = invocation.call.id;
        const { attempt, context } = invocation;
        if (announce) {
          events.emit('attempt:start', {
            callId,
            tool: name,
            namespace,
            runtime,
            attempt,
            context,
          });
        }
        const start = performance.now();
        const outcome = await next(invocation);
        if (end) {
          const durationMs = performance.now() - start;
          const { ok, error } = outcome;
          events.emit(
            'attempt:end',
            error
              ? {
                  callId,
                  tool: name,
                  namespace,
                  runtime,
                  attempt,
                  durationMs,
                  ok,
                  error: screenError(error),
                  context,
                }
              : { callId, tool: name, namespace, runtime, attempt, durationMs, ok, context },
          );
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
