import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import type { EventBus } from '../events/event-bus.js';
import { abortReasonToErrorInfo } from '../processor/abort-reason.js';
import {
  type CallInvocation,
  type CallMiddleware,
  type CallOutcome,
  failure,
} from '../processor/call-middleware.js';
import { onAbort } from '../util/abort-fanout.js';
import type { SlotLimit, SlotStoreV1 } from './stores/slot-store.js';

export interface BulkheadSettings {
  readonly queueSize: number;
  readonly acquireTimeoutMs: number;
  readonly leaseMs: number;
}

/** A call waiting for a slot. */
interface Waiter {
  readonly limits: readonly SlotLimit[];
  readonly leaseId: string;
  readonly queue: Set<Waiter>;
  /** Settles the wait: true when the slot is taken, or the refusal. */
  readonly done: (outcome: true | ToolErrorInfo) => void;
}

/**
 * Concurrency limits (global, namespace, tool or glob pattern) held for the whole call, every
 * retry included. A call that finds no slot waits in a bounded FIFO queue for at most
 * acquireTimeoutMs (and never past its deadline); cancelling it while queued takes it out of the
 * queue. The slot is released however the call ends. Waiters are woken by this process's
 * releases; each tool (one set of limits) has its own queue so one full tool cannot block another.
 */
export function bulkheadMiddleware(
  limitsFor: (tool: ToolDefinition) => readonly SlotLimit[] | undefined,
  settings: BulkheadSettings,
  store: SlotStoreV1,
  events: EventBus,
): CallMiddleware {
  const queues = new Set<Set<Waiter>>();
  let queued = 0;
  let pumping = false;
  let pumpAgain = false;
  const leasePrefix = `${Math.random().toString(36).slice(2, 10)}-`;
  let leaseCounter = 0;

  /** A store that fails (throws or rejects) has no slot to give. */
  const acquire = (limits: readonly SlotLimit[], leaseId: string): boolean | Promise<boolean> => {
    try {
      const taken = store.tryAcquire(limits, leaseId, settings.leaseMs, Date.now());
      return taken instanceof Promise ? taken.catch(refuse) : taken;
    } catch {
      return false;
    }
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
            let taken = acquire(waiter.limits, waiter.leaseId);
            if (taken instanceof Promise) taken = await taken;
            if (!taken) break;
            // The waiter may have given up while the store answered: hand the slot back.
            if (!queue.has(waiter)) {
              release(waiter.limits, waiter.leaseId);
              continue;
            }
            waiter.done(true);
          }
        }
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
  };

  const release = (limits: readonly SlotLimit[], leaseId: string) => {
    let released: unknown;
    try {
      released = store.release(limits, leaseId);
    } catch {
      // The lease expires on its own (leaseMs); the call's outcome stands.
    }
    if (released instanceof Promise) {
      released.then(wake, wake);
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
  ): Promise<true | ToolErrorInfo> => {
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
        limits,
        leaseId,
        queue,
        done: (outcome) => {
          queue.delete(waiter);
          if (queue.size === 0) queues.delete(queue);
          queued--;
          clearTimeout(timer);
          unsubscribe();
          if (since !== undefined) waited(invocation, since, outcome === true);
          resolve(outcome);
        },
      };
      queue.add(waiter);
      queues.add(queue);
      queued++;
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
      const unsubscribe = onAbort(signal, () => waiter.done(abortReasonToErrorInfo(signal.reason)));
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
          release(limits, leaseId);
        }
      };
      const slow = async (
        invocation: CallInvocation,
        leaseId: string,
        taken: boolean | Promise<boolean>,
      ): Promise<CallOutcome> => {
        let got: boolean | ToolErrorInfo = taken instanceof Promise ? await taken : taken;
        if (!got) got = await wait(invocation, limits, leaseId, queue);
        return got === true ? run(invocation, leaseId) : failure(got);
      };

      return (invocation) => {
        const leaseId = leasePrefix + ++leaseCounter;
        // Behind earlier waiters of the same tool, a newcomer queues instead of overtaking them.
        const taken = queue.size > 0 ? false : acquire(limits, leaseId);
        if (taken === true) return run(invocation, leaseId);
        return slow(invocation, leaseId, taken);
      };
    },
    async preview(invocation) {
      const limits = limitsFor(invocation.tool);
      if (!limits) return undefined;
      const now = Date.now();
      for (const { key, limit } of limits) {
        const inUse = await Promise.resolve(store.inUse(key, now)).catch(() => 0);
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

function refuse(): false {
  return false;
}
