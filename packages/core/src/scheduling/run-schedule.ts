import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolResult } from '../contracts/tool-result.js';
import { abortReasonToErrorInfo } from '../errors/abort-reason.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toErrorInfo, toolErrorInfo } from '../errors/tp-error.js';
import { resolveRefs } from './call-refs.js';
import { planSchedule } from './plan-schedule.js';
import { ReadyQueue } from './ready-queue.js';

export interface ScheduleLimits {
  /** Calls running at once, over all pools. */
  readonly maxConcurrency: number;
  /** Calls running at once per pool name; a pool not listed here has no limit of its own. */
  readonly pools: Readonly<Record<string, number>>;
  /** Absolute deadline of the request, epoch milliseconds. */
  readonly deadline: number | undefined;
  readonly signal: AbortSignal;
}

export interface ScheduleHooks {
  /** Runs one call through the pipeline (never rejects in practice; a rejection becomes a failure). */
  run(call: ToolCall, index: number): Promise<ToolResult>;
  /** The result of a call that is not run, with the reason. */
  refuse(call: ToolCall, index: number, error: ToolErrorInfo): ToolResult;
  onResult(result: ToolResult, index: number): void;
}

const WAITING = 0;
const QUEUED = 1;
const RUNNING = 2;
const DONE = 3;

/** Calls that are at least this important are started even when their estimate overruns the deadline. */
const DEADLINE_EXEMPT_PRIORITY = 1;

/**
 * Executes a batch as a DAG: a call starts once every call it depends on succeeded, the ready
 * call with the highest priority first, within `maxConcurrency` and its pool's limit. A failed or
 * skipped dependency skips its dependents (DEPENDENCY_FAILED); `$ref`s are resolved just before a
 * call starts. Every call gets exactly one result; resolves when all have one.
 */
export function runSchedule(
  calls: readonly ToolCall[],
  limits: ScheduleLimits,
  hooks: ScheduleHooks,
): Promise<void> {
  const planned = planSchedule(calls);
  if (!planned.ok) {
    calls.forEach((call, index) => {
      hooks.onResult(hooks.refuse(call, index, planned.errors[index]!), index);
    });
    return Promise.resolve();
  }
  const { plan } = planned;
  const count = calls.length;
  const state = new Uint8Array(count);
  const waitingFor = plan.dependencies.map((dependencies) => dependencies.length);
  const results: Array<ToolResult | undefined> = new Array(count);
  // Scheduling fields of a malformed (non-object) call read as absent; the pipeline rejects it.
  const fieldsOf = (index: number): Partial<ToolCall> => {
    const call = calls[index];
    return typeof call === 'object' && call !== null ? call : {};
  };
  const priorityOf = (index: number) => {
    const priority = fieldsOf(index).priority;
    return typeof priority === 'number' && Number.isFinite(priority) ? priority : 0;
  };
  // One queue per pool (key '' for calls without a pool), so a full pool never blocks the others.
  const queues = new Map<string, ReadyQueue>();
  const runningIn = new Map<string, number>();
  const poolOf = (index: number) => {
    const pool = fieldsOf(index).pool;
    return typeof pool === 'string' ? pool : '';
  };
  const limitOf = (pool: string) => (pool === '' ? Infinity : (limits.pools[pool] ?? Infinity));
  let running = 0;
  let finished = 0;
  let settle!: () => void;
  const done = new Promise<void>((resolve) => {
    settle = resolve;
  });

  const enqueue = (index: number) => {
    state[index] = QUEUED;
    const pool = poolOf(index);
    let queue = queues.get(pool);
    if (!queue) queues.set(pool, (queue = new ReadyQueue(priorityOf)));
    queue.push(index);
  };

  const complete = (first: number, firstResult: ToolResult) => {
    // Iterative, so a long chain of skipped dependents cannot overflow the stack.
    const pending: Array<[number, ToolResult]> = [[first, firstResult]];
    while (pending.length > 0) {
      const [index, result] = pending.pop()!;
      state[index] = DONE;
      results[index] = result;
      finished++;
      hooks.onResult(result, index);
      for (const dependent of plan.dependents[index]!) {
        if (state[dependent] !== WAITING) continue;
        if (result.ok) {
          if (--waitingFor[dependent]! === 0) enqueue(dependent);
        } else {
          state[dependent] = DONE;
          const error = limits.signal.aborted
            ? abortReasonToErrorInfo(limits.signal.reason)
            : dependencyFailed(calls[index]!, result);
          pending.push([dependent, hooks.refuse(calls[dependent]!, dependent, error)]);
        }
      }
    }
    if (finished === count) settle();
  };

  const next = (): number | undefined => {
    let best: ReadyQueue | undefined;
    for (const [pool, queue] of queues) {
      if (queue.size === 0 || (runningIn.get(pool) ?? 0) >= limitOf(pool)) continue;
      if (!best || queue.before(queue.peek()!, best.peek()!)) best = queue;
    }
    return best?.take();
  };

  const start = (index: number) => {
    let call = calls[index]!;
    const refusal = refusalOf(fieldsOf(index), limits);
    if (refusal) return complete(index, hooks.refuse(call, index, refusal));
    if (plan.hasRefs[index]) {
      const isCallId = (id: string) => plan.indexById.has(id);
      const resolved = resolveRefs(
        call.arguments,
        isCallId,
        (id) => results[plan.indexById.get(id)!],
      );
      if (!resolved.ok) {
        const error = toolErrorInfo(
          'TOOL_VALIDATION_ERROR',
          `argument reference "${resolved.ref}" of call "${call.id}" cannot be resolved: ${resolved.problem}`,
          { details: { reason: 'unresolved_ref', ref: resolved.ref } },
        );
        return complete(index, hooks.refuse(call, index, error));
      }
      call = { ...call, arguments: resolved.value as ToolCall['arguments'] };
    }
    const pool = poolOf(index);
    state[index] = RUNNING;
    running++;
    runningIn.set(pool, (runningIn.get(pool) ?? 0) + 1);
    const release = (result: ToolResult) => {
      running--;
      runningIn.set(pool, runningIn.get(pool)! - 1);
      complete(index, result);
      dispatch();
    };
    hooks
      .run(call, index)
      .then(release, (error: unknown) => release(hooks.refuse(call, index, toErrorInfo(error))));
  };

  const dispatch = () => {
    while (running < limits.maxConcurrency) {
      const index = next();
      if (index === undefined) return;
      start(index);
    }
  };

  if (count === 0) return Promise.resolve();
  for (let index = 0; index < count; index++) if (waitingFor[index] === 0) enqueue(index);
  dispatch();
  return done;
}

/** Why a ready call is not started: the request was cancelled, or it cannot finish in time. */
function refusalOf(call: Partial<ToolCall>, limits: ScheduleLimits): ToolErrorInfo | undefined {
  if (limits.signal.aborted) return abortReasonToErrorInfo(limits.signal.reason);
  const { estimatedMs, priority } = call;
  if (
    limits.deadline === undefined ||
    typeof estimatedMs !== 'number' ||
    !(estimatedMs > 0) ||
    (typeof priority === 'number' && priority >= DEADLINE_EXEMPT_PRIORITY)
  ) {
    return undefined;
  }
  const remainingMs = limits.deadline - Date.now();
  if (estimatedMs <= remainingMs) return undefined;
  return toolErrorInfo(
    'TOOL_TIMEOUT',
    `call "${call.id}" was skipped: its estimate (${estimatedMs} ms) exceeds the ${Math.max(0, remainingMs)} ms left before the deadline`,
    {
      retryable: false,
      details: { reason: 'deadline_estimate', estimatedMs, remainingMs: Math.max(0, remainingMs) },
    },
  );
}

export function dependencyFailed(dependency: ToolCall, result: ToolResult): ToolErrorInfo {
  const code = result.error?.code ?? 'unknown';
  // A skip caused by a skip points at the call that really failed.
  const rootCallId =
    code === 'DEPENDENCY_FAILED' && typeof result.error?.details?.rootCallId === 'string'
      ? result.error.details.rootCallId
      : dependency.id;
  const rootCode = code === 'DEPENDENCY_FAILED' ? (result.error?.details?.rootCode ?? code) : code;
  return toolErrorInfo(
    'DEPENDENCY_FAILED',
    `skipped: dependency "${dependency.id}" did not succeed (${code})`,
    { details: { dependency: dependency.id, dependencyCode: code, rootCallId, rootCode } },
  );
}
