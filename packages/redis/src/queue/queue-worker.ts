import { type Processor, type ToolCall, TpError } from '@tp/core';
import { type Job, Worker } from 'bullmq';
import {
  bullConnection,
  CALL_JOB,
  cancelChannel,
  failedResult,
  QUEUE_CALL_INTERRUPTED,
  type QueueConnection,
  type QueuedCall,
  queueError,
  REPLY_TTL_MS,
  type Reply,
} from './queue-job.js';

export interface QueueWorkerOptions {
  /** A Redis URL, or your ioredis client (created with `maxRetriesPerRequest: null`). */
  readonly connection: QueueConnection;
  readonly queue: string;
  /** An ordinary processor (with shared stores, so limits hold across workers) that runs the calls. */
  readonly processor: Processor;
  /** Calls this worker runs at once (default 1). */
  readonly concurrency?: number;
  /** BullMQ key prefix (default 'bull'); the same as the executor's. */
  readonly prefix?: string;
  /**
   * How long a job stays locked to this worker without a renewal (default 30 000); a worker that
   * died is noticed after about this long and its calls go back to the queue.
   */
  readonly lockDurationMs?: number;
}

export interface QueueWorker {
  /** Finishes the calls it is running, takes no more, closes its connections. */
  close(): Promise<void>;
}

/**
 * Takes calls from the queue and runs each through `processor` with the caller's
 * ExecutionContext (deadline included); the ToolResult goes back to the caller as the job's
 * return value, progress as job progress. A call taken back from a worker that stopped mid-call
 * runs again only when its tool is idempotent (or read-only); otherwise its result is
 * QUEUE_CALL_INTERRUPTED, because it may have had its effect already. Cancellation by the caller
 * reaches the call's signal.
 */
export function createQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const prefix = options.prefix ?? 'bull';
  const { processor } = options;
  const { client, owned } = bullConnection(options.connection);
  const running = new Map<string, AbortController>();

  const subscriber = client.duplicate();
  subscriber.on('error', () => {});
  subscriber.on('message', (_channel: string, jobId: string) => {
    running
      .get(jobId)
      ?.abort(new TpError({ code: 'TOOL_CANCELLED', message: 'the caller cancelled the call' }));
  });
  const subscribed = subscriber.subscribe(cancelChannel(prefix, options.queue));

  const repeatable = (call: ToolCall) => {
    const name = call.namespace ? `${call.namespace}.${call.tool}` : call.tool;
    const resolved = processor.registry.resolve(name);
    return (
      resolved.ok && (resolved.tool.idempotent === true || resolved.tool.sideEffect === 'read_only')
    );
  };

  const reply = async (replyTo: string, answer: Reply) => {
    await client
      .multi()
      .rpush(replyTo, JSON.stringify(answer))
      .pexpire(replyTo, REPLY_TTL_MS)
      .exec();
  };

  const run = async (job: Job<QueuedCall>) => {
    const result = await resultOf(job);
    // The caller's reply list first: should this process die now, the job runs again and the
    // caller ignores the second answer.
    await reply(job.data.replyTo, { jobId: job.id!, result }).catch(() => {});
    return result;
  };

  const resultOf = async (job: Job<QueuedCall>) => {
    const { call, context } = job.data;
    if (job.stalledCounter > 0 && !repeatable(call)) {
      return failedResult(
        call,
        queueError(
          QUEUE_CALL_INTERRUPTED,
          `the worker running call "${call.id}" stopped mid-call; "${call.tool}" is not idempotent, so it was not run again`,
        ),
        Date.now(),
      );
    }
    const controller = new AbortController();
    running.set(job.id!, controller);
    try {
      const [result] = await processor.execute([call], {
        context,
        signal: controller.signal,
        onProgress: (_callId, update) => {
          job.updateProgress(update as object).catch(() => {});
        },
      });
      return result;
    } finally {
      running.delete(job.id!);
    }
  };

  const worker = new Worker<QueuedCall>(
    options.queue,
    async (job) => (job.name === CALL_JOB ? run(job) : undefined),
    {
      connection: client,
      prefix,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: Math.max(100, Math.floor((options.lockDurationMs ?? 30_000) / 2)),
      maxStalledCount: 1,
    },
  );
  worker.on('error', () => {});
  // A job the queue gave up on (stalled too often) never reaches `run`: answer for it here.
  worker.on('failed', (job, error) => {
    if (job?.data?.replyTo) {
      reply(job.data.replyTo, { jobId: job.id!, failedReason: error.message }).catch(() => {});
    }
  });

  return {
    async close() {
      await subscribed.catch(() => {});
      await worker.close();
      subscriber.disconnect();
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}
