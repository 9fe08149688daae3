import type {
  CallHandler,
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { CacheEntry, CacheStoreV1 } from '../contracts/stores/v1/cache-store.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { abortReasonToErrorInfo } from '../errors/abort-reason.js';
import type { EventBus } from '../events/event-bus.js';
import { failure } from '../outcomes/call-outcomes.js';
import { onAbort } from '../util/abort-fanout.js';
import { canonicalJson } from '../util/canonical-json.js';
import { sha256Hex } from '../util/sha256.js';
import type { ToolCacheOptions } from './resilience-options.js';
import type { StoreFailures } from './store-failures.js';

export interface CachePolicy {
  readonly ttlMs: number;
  readonly cacheKey?: ToolCacheOptions['cacheKey'];
}

export interface CacheMiddleware extends CallMiddleware {
  /** Removes the cached results of `tools` (every one, or only those for `args`); returns how many. */
  invalidate(
    tools: readonly ToolDefinition[],
    args?: Readonly<Record<string, unknown>>,
  ): Promise<number>;
}

/** Groups every version of a tool, so invalidate(tool) reaches them all. */
function tagOf(tool: ToolDefinition): string {
  return `${tool.namespace}.${tool.name}`;
}

/** SHA-256 of tool, version and the canonical (key-sorted) arguments (or what cacheKey keeps of them). */
export function cacheKeyOf(
  tool: ToolDefinition,
  policy: CachePolicy,
  args: Readonly<Record<string, unknown>>,
): string {
  const keyed = policy.cacheKey ? policy.cacheKey(args) : args;
  return sha256Hex(canonicalJson([tool.namespace, tool.name, tool.version, keyed]));
}

/** Outcomes that are about the caller (its cancellation, its deadline), not about the arguments. */
function isCallerSpecific(outcome: CallOutcome): boolean {
  const category = outcome.error?.category;
  return category === 'cancelled' || category === 'timeout';
}

/**
 * Serves successful results of cacheable tools from the store, and coalesces concurrent identical
 * calls into one execution (single-flight): followers share the leader's outcome, except a
 * cancellation or timeout of the leader, after which a follower runs on its own. A failing store
 * is reported and handled by its fail mode (open: a miss, the result not kept).
 */
export function cacheMiddleware(
  policyFor: (tool: ToolDefinition) => CachePolicy | undefined,
  store: CacheStoreV1,
  events: EventBus,
  failures: StoreFailures,
): CacheMiddleware {
  const policies = new WeakMap<ToolDefinition, CachePolicy>();
  // Per tag: calls in flight by key, and a generation that invalidate() bumps so a result that
  // was already running when its entries were invalidated is not stored afterwards.
  const inFlight = new Map<string, Map<string, Promise<CallOutcome>>>();
  const generations = new Map<string, number>();

  const emit = (type: 'cache:hit' | 'cache:miss', invocation: CallInvocation, key: string) => {
    if (events.wants(type)) {
      const { tool } = invocation;
      events.emit(type, {
        callId: invocation.call.id,
        tool: tool.name,
        namespace: tool.namespace,
        key,
        context: invocation.context,
      });
    }
  };

  return {
    name: 'cache',
    wrap(next, tool) {
      const policy = policyFor(tool);
      if (!policy) return next;
      policies.set(tool, policy);
      const tag = tagOf(tool);
      let calls = inFlight.get(tag);
      if (!calls) inFlight.set(tag, (calls = new Map()));
      const running = calls;

      const hit = (entry: CacheEntry, invocation: CallInvocation, key: string): CallOutcome => {
        emit('cache:hit', invocation, key);
        return { ok: true, value: entry.value, attempts: 0, cached: true };
      };

      const execute = (invocation: CallInvocation, key: string): Promise<CallOutcome> => {
        emit('cache:miss', invocation, key);
        const generation = generations.get(tag) ?? 0;
        return next(invocation).then((outcome) => {
          if (outcome.ok && (generations.get(tag) ?? 0) === generation) {
            // A store that cannot keep the result costs a future miss, not this call.
            const lost = (error: unknown) => failures.report('set', error, invocation);
            try {
              const stored = store.set(key, outcome.value, policy.ttlMs, tag);
              if (stored instanceof Promise) stored.catch(lost);
            } catch (error) {
              lost(error);
            }
          }
          return outcome;
        });
      };

      const unreadable = (invocation: CallInvocation, key: string, error: unknown) => {
        const refusal = failures.decide('get', error, invocation);
        return refusal ? Promise.resolve(failure(refusal)) : execute(invocation, key);
      };

      const lead = (invocation: CallInvocation, key: string): Promise<CallOutcome> => {
        let found: ReturnType<CacheStoreV1['get']>;
        try {
          found = store.get(key);
        } catch (error) {
          return unreadable(invocation, key, error);
        }
        if (found !== undefined && !(found instanceof Promise)) {
          return Promise.resolve(hit(found, invocation, key));
        }
        const outcome =
          found === undefined
            ? execute(invocation, key)
            : found.then(
                (entry) => (entry ? hit(entry, invocation, key) : execute(invocation, key)),
                (error: unknown) => unreadable(invocation, key, error),
              );
        running.set(key, outcome);
        const done = () => {
          if (running.get(key) === outcome) running.delete(key);
        };
        outcome.then(done, done);
        return outcome;
      };

      return (invocation) => {
        let key: string;
        try {
          key = cacheKeyOf(tool, policy, invocation.args);
        } catch {
          // A cacheKey function that throws (or unserialisable arguments): run uncached.
          return next(invocation);
        }
        const shared = running.get(key);
        return shared ? follow(shared, invocation, next) : lead(invocation, key);
      };
    },
    // A cache never refuses a call, so a dry run has nothing to report (and must not read-through).
    preview: () => undefined,
    async invalidate(tools, args) {
      let removed = 0;
      for (const tool of tools) {
        const tag = tagOf(tool);
        const policy = policies.get(tool) ?? policyFor(tool);
        if (args === undefined) {
          generations.set(tag, (generations.get(tag) ?? 0) + 1);
          inFlight.get(tag)?.clear();
          removed += await store.deleteTag(tag);
        } else if (policy) {
          const key = cacheKeyOf(tool, policy, args);
          generations.set(tag, (generations.get(tag) ?? 0) + 1);
          inFlight.get(tag)?.delete(key);
          if (await store.delete(key)) removed++;
        }
      }
      return removed;
    },
  };
}

/** A follower of a coalesced call: shares the leader's outcome, still answering its own signal. */
function follow(
  shared: Promise<CallOutcome>,
  invocation: CallInvocation,
  next: CallHandler,
): Promise<CallOutcome> {
  const { signal } = invocation;
  return new Promise<CallOutcome>((resolve) => {
    const unsubscribe = onAbort(signal, () =>
      resolve({
        ok: false,
        error: abortReasonToErrorInfo(signal.reason),
        attempts: 0,
        cached: false,
      }),
    );
    shared.then(
      (outcome) => {
        unsubscribe();
        if (signal.aborted) return;
        if (!outcome.ok && isCallerSpecific(outcome)) resolve(next(invocation));
        else resolve({ ...outcome, attempts: 0, cached: outcome.ok });
      },
      // A leader that broke the stage contract (rejected) leaves its followers to run themselves.
      () => {
        unsubscribe();
        if (!signal.aborted) resolve(next(invocation));
      },
    );
  });
}
