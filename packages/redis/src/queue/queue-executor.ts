import { randomUUID } from 'node:crypto';
import {
  createExecutionContext,
  type ExecutionContextInit,
  type ProgressUpdate,
  type ToolCall,
  type ToolResult,
  toolErrorInfo,
} from '@tp/core';
import { Queue, QueueEvents } from 'bullmq';
import {
  bullConnection,
  CALL_JOB,
  cancelChannel,
  failedResult,
  QUEUE_JOB_FAILED,
  type QueueConnection,
  type QueuedCall,
  queueError,
  type Reply,
} from './queue-job.js';

export interface QueueExecutorOptions {
  /** A Redis URL, or your ioredis client (created with `maxRetriesPerRequest: null`). */
  readonly connection: QueueConnection;
  /** The BullMQ queue the workers (`tp worker`, createQueueWorker) take calls from. */
  readonly queue: string;
  /** BullMQ key prefix (default 'bull'); the workers must use the same. */
  readonly prefix?: string;
}

export interface QueueExecuteOptions {
  readonly context?: ExecutionContextInit;
  /** Time limit of the whole batch; becomes the context's deadline (the earlier one wins). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** 'submission' (default): results in the order of the calls; 'completion': as they finish. */
  readonly returnOrder?: 'submission' | 'completion';
  readonly onProgress?: (callId: string, update: ProgressUpdate) => void;
}

export interface QueueBatchOptions extends Omit<QueueExecuteOptions, 'returnOrder'> {
  /** Calls enqueued and not yet finished, at most (default 1000). */
  readonly maxInFlight?: number;
}

/** The processor's execute/processBatch, run by workers elsewhere through a BullMQ queue. */
export interface QueueExecutor {
  execute(calls: readonly ToolCall[], options?: QueueExecuteOptions): Promise<ToolResult[]>;
  /** Yields results as they complete; `dependsOn` may name calls that came earlier. */
  processBatch(
    calls: Iterable<ToolCall> | AsyncIterable<ToolCall>,
    options?: QueueBatchOptions,
  ): AsyncIterable<ToolResult>;
  close(): Promise<void>;
}

/** A call enqueued and waiting for its result. */
interface Pending {
  readonly call: ToolCall;
  readonly startedAt: number;
  readonly resolve: (result: ToolResult) => void;
  readonly onProgress: QueueExecuteOptions['onProgress'];
}

// BullMQ: 1 is the highest priority; tp: the highest number starts first (default 0).
const BULL_PRIORITY_MIDDLE = 1_000_000;
const BULL_PRIORITY_MAX = 2_097_152;

export function createQueueExecutor(options: QueueExecutorOptions): QueueExecutor {
  const prefix = options.prefix ?? 'bull';
  const { client, owned } = bullConnection(options.connection);
  const queue = new Queue(options.queue, { connection: client, prefix });
  // QueueEvents blocks its connection (XREAD BLOCK): it must not be the queue's.
  const eventsClient = client.duplicate();
  eventsClient.on('error', () => {});
  const events = new QueueEvents(options.queue, { connection: eventsClient, prefix });
  queue.on('error', () => {});
  events.on('error', () => {});
  const ready = events.waitUntilReady();
  const pending = new Map<string, Pending>();

  const settle = (jobId: string, result: ToolResult) => {
    const waiting = pending.get(jobId);
    if (!waiting) return;
    pending.delete(jobId);
    waiting.resolve(result);
  };
  const gaveUp = (jobId: string, failedReason: string) => {
    const waiting = pending.get(jobId);
    if (!waiting) return;
    settle(
      jobId,
      failedResult(
        waiting.call,
        queueError(QUEUE_JOB_FAILED, `the queue gave up on the call: ${failedReason}`),
        waiting.startedAt,
      ),
    );
  };

  // Results come back on this executor's own reply list (reliable: the event stream is trimmed
  // and a busy reader can miss entries); queue events are a second path, and carry progress.
  const replyTo = `${prefix}:${options.queue}:tp-replies:${randomUUID()}`;
  const repliesClient = client.duplicate();
  repliesClient.on('error', () => {});
  let closed = false;
  const readReplies = (async () => {
    while (!closed) {
      const popped = await repliesClient.blpop(replyTo, 1).catch(() => null);
      if (!popped) continue;
      const reply = JSON.parse(popped[1]) as Reply;
      if (reply.result) settle(reply.jobId, reply.result);
      else gaveUp(reply.jobId, reply.failedReason ?? 'unknown');
    }
  })();
  events.on('completed', ({ jobId, returnvalue }) => {
    settle(jobId, returnvalue as unknown as ToolResult);
  });
  events.on('failed', ({ jobId, failedReason }) => gaveUp(jobId, failedReason));
  events.on('progress', ({ jobId, data }) => {
    const waiting = pending.get(jobId);
    waiting?.onProgress?.(waiting.call.id, data as ProgressUpdate);
  });

  /** Takes a call back: removed while it waits, or told to its worker when it runs already. */
  const cancel = async (jobId: string) => {
    const waiting = pending.get(jobId);
    if (!waiting) return;
    if ((await queue.remove(jobId).catch(() => 0)) === 1) {
      settle(
        jobId,
        failedResult(
          waiting.call,
          toolErrorInfo('TOOL_CANCELLED', 'the call was cancelled before a worker took it'),
          waiting.startedAt,
        ),
      );
      return;
    }
    await client.publish(cancelChannel(prefix, options.queue), jobId).catch(() => {});
  };

  /** Enqueues one call; resolves with its result. */
  const enqueue = async (
    call: ToolCall,
    jobId: string,
    context: QueuedCall['context'],
    run: QueueExecuteOptions,
    prioritised: boolean,
  ): Promise<ToolResult> => {
    const startedAt = Date.now();
    const { signal } = run;
    if (signal?.aborted) {
      return failedResult(
        call,
        toolErrorInfo('TOOL_CANCELLED', 'the batch was cancelled'),
        startedAt,
      );
    }
    await ready;
    const result = new Promise<ToolResult>((resolve) => {
      pending.set(jobId, { call, startedAt, resolve, onProgress: run.onProgress });
    });
    const onAbort = () => void cancel(jobId);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // Dependencies are settled here, before enqueueing: the worker runs the call on its own.
      const { dependsOn: _settled, ...alone } = call;
      const data: QueuedCall = { call: alone, context, replyTo };
      await queue.add(CALL_JOB, data, {
        jobId,
        removeOnComplete: true,
        removeOnFail: true,
        ...(prioritised ? { priority: bullPriority(call.priority) } : {}),
      });
    } catch (error) {
      settle(
        jobId,
        failedResult(
          call,
          toolErrorInfo(
            'RUNTIME_UNAVAILABLE',
            `the call could not be queued: ${error instanceof Error ? error.message : String(error)}`,
          ),
          startedAt,
        ),
      );
    }
    return result.finally(() => signal?.removeEventListener('abort', onAbort));
  };

  const contextOf = (run: QueueExecuteOptions): QueuedCall['context'] => {
    const deadline =
      run.timeoutMs === undefined
        ? run.context?.deadline
        : Math.min(Date.now() + run.timeoutMs, run.context?.deadline ?? Number.POSITIVE_INFINITY);
    return createExecutionContext({
      ...run.context,
      ...(deadline === undefined ? {} : { deadline }),
    });
  };

  /** Runs `call` once its dependencies succeeded; DEPENDENCY_FAILED when one did not. */
  const afterDependencies = async (
    call: ToolCall,
    results: ReadonlyMap<string, Promise<ToolResult>>,
    start: () => Promise<ToolResult>,
  ): Promise<ToolResult> => {
    const startedAt = Date.now();
    for (const id of call.dependsOn ?? []) {
      const dependency = results.get(id);
      const outcome = dependency ? await dependency : undefined;
      if (!outcome?.ok) {
        return failedResult(
          call,
          toolErrorInfo(
            'DEPENDENCY_FAILED',
            outcome
              ? `call "${id}" it depends on failed (${outcome.error?.code})`
              : `call "${id}" it depends on is not an earlier call of the batch`,
            { details: { dependsOn: id } },
          ),
          startedAt,
        );
      }
    }
    return start();
  };

  return {
    async execute(calls, run = {}) {
      const context = contextOf(run);
      const batch = randomUUID();
      const prioritised = calls.some((call) => call.priority !== undefined);
      const results = new Map<string, Promise<ToolResult>>();
      // A call may depend only on calls before it, so dependencies never form a cycle.
      const order = calls.map((call, index) => {
        const result = afterDependencies(call, results, () =>
          enqueue(call, `${batch}-${index}`, context, run, prioritised),
        );
        results.set(call.id, result);
        return result;
      });
      if (run.returnOrder !== 'completion') return Promise.all(order);
      const finished: ToolResult[] = [];
      await Promise.all(order.map((result) => result.then((done) => finished.push(done))));
      return finished;
    },
    async *processBatch(source, run = {}) {
      const context = contextOf(run);
      const batch = randomUUID();
      const maxInFlight = run.maxInFlight ?? 1000;
      const results = new Map<string, Promise<ToolResult>>();
      const inFlight = new Map<number, Promise<{ index: number; result: ToolResult }>>();
      let index = 0;
      for await (const call of source) {
        const mine = index++;
        const result = afterDependencies(call, results, () =>
          enqueue(call, `${batch}-${mine}`, context, run, call.priority !== undefined),
        );
        results.set(call.id, result);
        inFlight.set(
          mine,
          result.then((done) => ({ index: mine, result: done })),
        );
        if (inFlight.size >= maxInFlight) {
          const next = await Promise.race(inFlight.values());
          inFlight.delete(next.index);
          yield next.result;
        }
      }
      while (inFlight.size > 0) {
        const next = await Promise.race(inFlight.values());
        inFlight.delete(next.index);
        yield next.result;
      }
    },
    async close() {
      closed = true;
      await readReplies;
      await Promise.all([events.close(), queue.close()]);
      eventsClient.disconnect();
      repliesClient.disconnect();
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}

function bullPriority(priority = 0): number {
  return Math.min(BULL_PRIORITY_MAX, Math.max(1, BULL_PRIORITY_MIDDLE - Math.round(priority)));
}
