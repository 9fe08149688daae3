import {
  type ExecutionContext,
  type ToolCall,
  type ToolErrorInfo,
  type ToolResult,
  toolErrorInfo,
} from '@tp/core';
import { Redis } from 'ioredis';

/** What a job carries from the caller to a worker (JSON). */
export interface QueuedCall {
  readonly call: ToolCall;
  readonly context: ExecutionContext;
  /** The list the worker pushes the Reply onto: the enqueuing executor's own. */
  readonly replyTo: string;
}

/** A worker's answer for one job: its result, or why the queue gave up on it. */
export interface Reply {
  readonly jobId: string;
  readonly result?: ToolResult;
  readonly failedReason?: string;
}

/** How long an unread reply list is kept (its executor went away). */
export const REPLY_TTL_MS = 3_600_000;

/** A call the queue's worker started but could not finish (it stopped), not run twice. */
export const QUEUE_CALL_INTERRUPTED = 'QUEUE_CALL_INTERRUPTED';
/** The queue gave up on a job (it stalled too often, or the worker broke the contract). */
export const QUEUE_JOB_FAILED = 'QUEUE_JOB_FAILED';

/** The BullMQ job name of a queued call, and the channel cancellations travel on. */
export const CALL_JOB = 'tp-call';
export const cancelChannel = (prefix: string, queue: string) => `${prefix}:${queue}:tp-cancel`;

/** What to connect to: a URL (connections opened and closed for you), or your ioredis client. */
export type QueueConnection = string | Redis;

/** The client BullMQ builds on (it duplicates it for blocking reads), and whether we own it. */
export function bullConnection(connection: QueueConnection): {
  readonly client: Redis;
  readonly owned: boolean;
} {
  if (typeof connection !== 'string') return { client: connection, owned: false };
  // BullMQ's blocking commands need maxRetriesPerRequest null.
  const client = new Redis(connection, { maxRetriesPerRequest: null });
  client.on('error', () => {});
  return { client, owned: true };
}

/** A ToolResult for a call that never produced its own (the queue failed it, or it was refused). */
export function failedResult(call: ToolCall, error: ToolErrorInfo, startedAt: number): ToolResult {
  const endedAt = Date.now();
  return {
    ok: false,
    error,
    callId: call.id,
    tool: call.tool,
    namespace: call.namespace ?? '',
    attempts: 0,
    cached: false,
    startedAt,
    endedAt,
    durationMs: endedAt - startedAt,
    runtime: '',
  };
}

export function queueError(code: string, message: string, retryable = false): ToolErrorInfo {
  return toolErrorInfo(code, message, { category: 'execution', retryable });
}
