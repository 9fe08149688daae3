import type { CallMiddleware } from '../contracts/call-middleware/v1/call-middleware-v1.js';

/**
 * The per-call stages in their fixed order (docs/pipeline.md explains why this order):
 *   cache -> rate limit -> bulkhead -> guards (pre/post) -> circuit breaker -> retry
 *   -> custom middleware -> attempt events -> timeout -> runtime
 * Every stage is optional except timeout; a stage is present when its configuration is.
 */
export interface MiddlewareStages {
  readonly cache?: CallMiddleware;
  readonly rateLimit?: CallMiddleware;
  readonly bulkhead?: CallMiddleware;
  readonly guards?: CallMiddleware;
  readonly circuitBreaker?: CallMiddleware;
  readonly retry?: CallMiddleware;
  readonly custom?: readonly CallMiddleware[];
  /** `attempt:start`/`attempt:end` around each attempt, timeout included. */
  readonly attemptEvents?: CallMiddleware;
  readonly timeout: CallMiddleware;
}

/** Outermost first. */
export function orderMiddleware(stages: MiddlewareStages): CallMiddleware[] {
  const ordered = [
    stages.cache,
    stages.rateLimit,
    stages.bulkhead,
    stages.guards,
    stages.circuitBreaker,
    stages.retry,
    ...(stages.custom ?? []),
    stages.attemptEvents,
    stages.timeout,
  ];
  return ordered.filter((stage): stage is CallMiddleware => stage !== undefined);
}
