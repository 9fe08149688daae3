import type { MaybePromise } from '../../maybe-promise.js';

/**
 * What every v1 store may share with the others (all optional, so stores written before these
 * existed stay valid):
 *
 * - `dispose()` releases what the store holds (connections, subscriptions, timers). Whoever
 *   created a store disposes it: a processor never disposes stores passed in its options.
 * - Clocks: every `now` a stage passes is the caller's `Date.now()`. A store may use its own clock
 *   instead (a Redis store uses the server's `TIME`, so instances with skewed clocks agree), as
 *   long as it uses that one clock for every operation on a key.
 * - Keys are opaque strings chosen by the stages (`global`, `tool:ns.name`, `tenant:<tenant>`...).
 *   A store shared by several applications namespaces them under its own prefix.
 */
export interface StoreLifecycle {
  dispose?(): MaybePromise<void>;
}

/**
 * What a stage does when its store fails (throws, rejects, is unreachable): 'open' carries on
 * without it (no limit, no breaker, no slot, a cache miss), 'closed' fails the call with
 * RUNTIME_UNAVAILABLE. Either way the failure is reported as a 'store:error' event.
 */
export type StoreFailMode = 'open' | 'closed';

/** The stages that keep state in a store, as named in `resilience.stores`. */
export type StoreStage = 'cache' | 'rateLimit' | 'circuit' | 'bulkhead';
