import type {
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { SlotLimit, SlotStoreV1 } from '../contracts/stores/v1/slot-store.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { abortReasonToErrorInfo } from '../errors/abort-reason.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import type { EventBus } from '../events/event-bus.js';
import { failure } from '../outcomes/call-outcomes.js';
import { onAbort } from '../util/abort-fanout.js';
import type { StoreFailures } from './store-failures.js';

export interface BulkheadSettings {
  readonly queueSize: number;
  readonly acquireTimeoutMs: number;
  readonly leaseMs: number;
}

/**
 * What asking the store for a slot gave: a slot (true), none free (false), or, the store having
 * failed, the error to fail the call with (fail closed) or UNGUARDED (fail open: run without one).
 */
type Taken = boolean | ToolErrorInfo | typeof UNGUARDED;
const UNGUARDED = 'unguarded';

/** A call waiting for a slot. */
interface Waiter {
  readonly invocation: CallInvocation;
  readonly limits: readonly SlotLimit[];
  readonly leaseId: string;
  readonly queue: Set<Waiter>;
  /** Settles the wait: what the store gave (never false), or the refusal. */
  readonly done: (outcome: Exclude<Taken, false>) => void;
}

/** Waiters poll the store from this interval, doubling up to POLL_MAX_MS (slots of other instances). */
const POLL_FIRST_MS = 10;
const POLL_MAX_MS = 1000;

/**
 * Concurrency limits (global, namespace, tool or glob pattern) held for the whole call, every
 * retry included. A call that finds no slot waits in a bounded FIFO queue for at most
 * acquireTimeoutMs (and never past its deadline); cancelling it while queued takes it out of the
 * queue. The slot is released however the call ends. Waiters are woken by this process's
 * releases, by the store's `onRelease` (releases through other instances sharing it), and by
 * polling with backoff (leases that expired); each tool (one set of limits) has its own queue so
 * one full tool cannot block another. A failing store is reported and handled by its fail mode.
 */
export function bulkheadMiddleware(
  limitsFor: (tool: ToolDefinition) => readonly SlotLimit[] | undefined,
  settings: BulkheadSettings,
  store: SlotStoreV1,
  events: EventBus,
  failures: StoreFailures,
): CallMiddleware {
  const queues = new Set<Set<Waiter>>();
  let queued = 0;
  let pumping = false;
  let pumpAgain = false;
  // Lease ids are unique across every process sharing the store.
  const leasePrefix = `${globalThis.crypto.randomUUID()}-`;
  let leaseCounter = 0;

  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let pollDelay = POLL_FIRST_MS;
  let unsubscribe: (() => void) | undefined;

  const acquire = (
    invocation: CallInvocation,
    limits: readonly SlotLimit[],
    leaseId: string,
  ): Taken | Promise<Taken> => {
    const failed = (error: unknown): Taken =>
      failures.decide('tryAcquire', error, invocation) ?? UNGUARDED;
    try {
      const taken = store.tryAcquire(limits, leaseId, settings.leaseMs, Date.now());
      return taken instanceof Promise ? taken.catch(failed) : taken;
    } catch (error) {
      return failed(error);
    }
  };

  /** While calls wait: polls with backoff, and listens to the store's releases. */
  const watch = () => {
    if (unsubscribe === undefined && store.onRelease) {
      try {
        unsubscribe = store.onRelease(wake);
      } catch (error) {
        failures.report('onRelease', error);
      }
    }
    if (pollTimer !== undefined) return;
    pollTimer = setTimeout(() => {
      pollTimer = undefined;
      pollDelay = Math.min(pollDelay * 2, POLL_MAX_MS);
      if (queued === 0) return;
      void pump();
      watch();
    }, pollDelay);
    (pollTimer as { unref?: () => void }).unref?.();
  };
  const unwatch = () => {
    clearTimeout(pollTimer);
    pollTimer = undefined;
    pollDelay = POLL_FIRST_MS;
    unsubscribe?.();
    unsubscribe = undefined;
  };

  /** Hands freed slots to waiters, queue by queue, in FIFO order within each queue. */
  const pump = async () => {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        for (const queue of queues) {
          for (const waiter of queue) {
            let taken = acquire(waiter.invocation, waiter.limits, waiter.leaseId);
            if (taken instanceof Promise) taken = await taken;
            if (taken === false) break;
            // The waiter may have given up while the store answered: hand the slot back.
            if (!queue.has(waiter)) {
              if (taken === true) release(waiter.invocation, waiter.limits, waiter.leaseId);
              continue;
            }
            waiter.done(taken);
          }
        }
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
  };

  const release = (invocation: CallInvocation, limits: readonly SlotLimit[], leaseId: string) => {
    // A lease the store could not release expires on its own (leaseMs); the call's outcome stands.
    const lost = (error: unknown) => {
      failures.report('release', error, invocation);
      wake();
    };
    let released: unknown;
    try {
      released = store.release(limits, leaseId);
    } catch (error) {
      lost(error);
      return;
    }
    if (released instanceof Promise) {
      released.then(wake, lost);
    } else {
      wake();
    }
  };
  const wake = () => {
    if (queued > 0) void pump();
  };

  const rejected = (invocation: CallInvocation, reason: 'queue_full' | 'timeout') => {
    if (events.wants('bulkhead:rejected')) {
      events.emit('bulkhead:rejected', {
        callId: invocation.call.id,
        tool: invocation.tool.name,
        namespace: invocation.tool.namespace,
        context: invocation.context,
        reason,
      });
    }
    return toolErrorInfo(
      'BULKHEAD_FULL',
      reason === 'queue_full'
        ? `tool "${invocation.tool.name}" has no free slot and the queue is full`
        : `tool "${invocation.tool.name}" found no free slot within ${settings.acquireTimeoutMs} ms`,
      { details: { reason } },
    );
  };

  const waited = (invocation: CallInvocation, since: number, acquired: boolean) =>
    events.emit('stage:wait', {
      callId: invocation.call.id,
      tool: invocation.tool.name,
      namespace: invocation.tool.namespace,
      context: invocation.context,
      stage: 'bulkhead',
      waitedMs: performance.now() - since,
      acquired,
    });

  const wait = (
    invocation: CallInvocation,
    limits: readonly SlotLimit[],
    leaseId: string,
    queue: Set<Waiter>,
  ): Promise<Exclude<Taken, false>> => {
    const { deadline, signal } = invocation;
    if (signal.aborted) return Promise.resolve(abortReasonToErrorInfo(signal.reason));
    if (queued >= settings.queueSize) return Promise.resolve(rejected(invocation, 'queue_full'));
    const since = events.wants('stage:wait') ? performance.now() : undefined;
    let waitMs = settings.acquireTimeoutMs;
    let limitedByDeadline = false;
    if (deadline !== undefined && deadline - Date.now() < waitMs) {
      waitMs = Math.max(0, deadline - Date.now());
      limitedByDeadline = true;
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        invocation,
        limits,
        leaseId,
        queue,
        done: (outcome) => {
          queue.delete(waiter);
          if (queue.size === 0) queues.delete(queue);
          queued--;
          if (queued === 0) unwatch();
          clearTimeout(timer);
          stopListening();
          if (since !== undefined) waited(invocation, since, outcome === true);
          resolve(outcome);
        },
      };
      queue.add(waiter);
      queues.add(queue);
      queued++;
      watch();
      const timer = setTimeout(
        () =>
          waiter.done(
            limitedByDeadline
              ? toolErrorInfo(
                  'TOOL_TIMEOUT',
                  `tool "${invocation.tool.name}" ran out of time waiting for a bulkhead slot`,
                  { details: { reason: 'deadline' } },
                )
              : rejected(invocation, 'timeout'),
          ),
        waitMs,
      );
      const stopListening = onAbort(signal, () =>
        waiter.done(abortReasonToErrorInfo(signal.reason)),
      );
    });
  };

  return {
    name: 'bulkhead',
    wrap(next, tool) {
      const limits = limitsFor(tool);
      if (!limits) return next;
      const queue = new Set<Waiter>();

      const run = async (invocation: CallInvocation, leaseId: string): Promise<CallOutcome> => {
        try {
          return await next(invocation);
        } finally {
          release(invocation, limits, leaseId);
        }
      };
      const slow = async (
        invocation: CallInvocation,
        leaseId: string,
        taken: Taken | Promise<Taken>,
      ): Promise<CallOutcome> => {
        let got = taken instanceof Promise ? await taken : taken;
        if (got === false) got = await wait(invocation, limits, leaseId, queue);
        if (got === true) return run(invocation, leaseId);
        return got === UNGUARDED ? next(invocation) : failure(got);
      };

      return (invocation) => {
        const leaseId = leasePrefix + ++leaseCounter;
        // Behind earlier waiters of the same tool, a newcomer queues instead of overtaking them.
        const taken = queue.size > 0 ? false : acquire(invocation, limits, leaseId);
        if (taken === true) return run(invocation, leaseId);
        return slow(invocation, leaseId, taken);
      };
    },
    async preview(invocation) {
      const limits = limitsFor(invocation.tool);
      if (!limits) return undefined;
      const now = Date.now();
      for (const { key, limit } of limits) {
        let inUse: number;
        try {
          inUse = await store.inUse(key, now);
        } catch (error) {
          const refusal = failures.decide('inUse', error, invocation);
          if (refusal) return refusal;
          continue;
        }
        if (inUse >= limit && queued >= settings.queueSize) {
          return toolErrorInfo(
            'BULKHEAD_FULL',
            `tool "${invocation.tool.name}" has no free slot and the queue is full`,
            {
              details: { reason: 'queue_full' },
            },
          );
        }
      }
      return undefined;
    },
  };
}
