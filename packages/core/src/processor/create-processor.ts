import { currentContext, runWithContext } from '../context/context-storage.js';
import { createExecutionContext, type ExecutionContextInit } from '../context/execution-context.js';
import { requestContext } from '../context/request-context.js';
import type {
  CallHandler,
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ExecutionContext } from '../contracts/execution-context.js';
import type { GuardV1 } from '../contracts/guard/v1/guard-v1.js';
import type { ProgressUpdate, ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolResult, ToolResultBase } from '../contracts/tool-result.js';
import { cancellationError } from '../errors/abort-reason.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toErrorInfo, toolErrorInfo } from '../errors/tp-error.js';
import { createEventBus, type EventBus, type TpEvent } from '../events/event-bus.js';
import { createGuardStage } from '../guards/guard-stage.js';
import type { ParseIssue } from '../parsing/parse-issue.js';
import { pickParseOptions } from '../parsing/parse-options.js';
import { type ParseOptions, parseToolCalls } from '../parsing/parse-tool-calls.js';
import {
  type AcceptWeakerPermissions,
  checkAcceptWeakerPermissions,
} from '../permissions/accepted-weaker-permissions.js';
import type { ToolRegistry } from '../registry/registry.js';
import { buildResilienceStages } from '../resilience/build-resilience-stages.js';
import type { ResilienceOptions } from '../resilience/resilience-options.js';
import { isRuntime } from '../runtime/is-runtime.js';
import { needsScheduling } from '../scheduling/needs-scheduling.js';
import { runSchedule } from '../scheduling/run-schedule.js';
import { linkSignals } from '../util/abort-fanout.js';
import { typeTextArguments } from '../validation/type-text-arguments.js';
import { validateArguments } from '../validation/validate-arguments.js';
import { AsyncQueue } from './async-queue.js';
import { attemptEventsMiddleware } from './attempt-events-middleware.js';
import { type BatchGate, createBatchGate } from './batch-gate.js';
import { disposeRuntimes } from './dispose-runtimes.js';
import { dryRunCalls, type PreparedCall } from './dry-run.js';
import { orderMiddleware } from './middleware-stack.js';
import { createObservedLatency } from './observed-latency.js';
import { type BatchOptions, type BatchSource, runBatch } from './process-batch.js';
import { runPool } from './run-pool.js';
import { isStreamSource, readAll, runStreamSource } from './run-stream-source.js';
import { createRuntimeHandler } from './runtime-handler.js';
import { createRuntimeLookup } from './runtime-lookup.js';
import { type ProcessorHealth, runtimesHealth } from './runtimes-health.js';
import { timeoutMiddleware } from './timeout-middleware.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONCURRENCY = 32;

/** Resilience sections (retry, cache, rateLimit, circuitBreaker, bulkhead, tools, stores): docs/resilience.md. */
/**
 * `dialects`, `maxTextLength` and `maxIssues` (as parseToolCalls takes them) are the defaults of
 * every process() and stream() call.
 */
export interface ProcessorOptions extends ResilienceOptions, ParseOptions {
  readonly registry: ToolRegistry;
  /**
   * Runtimes by kind, overriding the runtime a tool was bound to at registration
   * (`registry.register(tools, { runtime })`); an in-process runtime is added unless one of that
   * kind is given. The processor owns these: close() disposes them (docs/runtimes.md).
   */
  readonly runtimes?: readonly ToolRuntimeV1[];
  /**
   * Per runtime kind, the permission fields (or `true` for all) the operator accepts that runtime
   * cannot enforce. Without it, a tool declaring a grant or limit its runtime does not list in
   * `capabilities().enforces` fails with CONFIGURATION_ERROR (docs/permissions.md).
   */
  readonly acceptWeakerPermissions?: AcceptWeakerPermissions;
  /** Default timeout of one attempt of one call (a tool's own timeoutMs wins). */
  readonly timeoutMs?: number;
  /** Calls of one batch running at once. */
  readonly maxConcurrency?: number;
  /** Calls running at once per pool (`ToolCall.pool`), within maxConcurrency; docs/scheduling.md. */
  readonly pools?: Readonly<Record<string, number>>;
  /** Extra stages, run (in order) just outside the timeout stage of every call. */
  readonly middleware?: readonly CallMiddleware[];
  /** Guards (contract v1, e.g. from @tp/guards), run in this order: plan, pre and post phases. */
  readonly guards?: readonly GuardV1[];
  /** Defaults for every request's ExecutionContext (e.g. tenant). */
  readonly context?: ExecutionContextInit;
  readonly onEvent?: (event: TpEvent) => void;
  /** Receives the error of an event listener that threw (default: a `TpListenerError` warning). */
  readonly onListenerError?: (error: unknown, event: TpEvent) => void;
}

/** `dialects`, `maxTextLength` and `maxIssues` override the processor's parser options for this call. */
export interface ProcessOptions extends ParseOptions {
  readonly signal?: AbortSignal;
  /** Time limit of this whole request (every call, every attempt); the earlier of it and context.deadline applies. */
  readonly timeoutMs?: number;
  /** 'submission' (default): results in the order of the calls; 'completion': as they finish. */
  readonly returnOrder?: 'submission' | 'completion';
  readonly context?: ExecutionContextInit;
  readonly onProgress?: (callId: string, update: ProgressUpdate) => void;
  /**
   * Validate, run plan and pre guards and ask every stage whether it would refuse each call,
   * without executing anything or changing any state; each result's value is a DryRunReport.
   */
  readonly dryRun?: boolean;
}

export interface Processor {
  /** Parses model output (text, provider response, ToolCall or ToolCall[]) and runs every call. */
  process(input: unknown, options?: ProcessOptions): Promise<ToolResult[]>;
  /** Runs already-parsed calls. */
  execute(calls: readonly ToolCall[], options?: ProcessOptions): Promise<ToolResult[]>;
  /** Like process, yielding each result as it completes. Breaking out cancels the rest. */
  stream(input: unknown, options?: ProcessOptions): AsyncIterable<ToolResult>;
  /**
   * Runs a large batch (an array or an (async) iterable, read lazily) with at most `maxInFlight`
   * calls in flight, yielding results as they complete; docs/scheduling.md.
   */
  processBatch(calls: BatchSource, options?: BatchOptions): AsyncIterable<ToolResult>;
  readonly registry: ToolRegistry;
  readonly events: Pick<EventBus, 'on' | 'onAny'>;
  /** Removes a tool's cached results (all, or only those for `args`); resolves to how many. */
  invalidate(tool: string, args?: Readonly<Record<string, unknown>>): Promise<number>;
  /**
   * Health of every runtime this processor can use (given, bound in the registry, own); a
   * runtime whose health() fails or takes longer than `timeoutMs` (default 5000) is down.
   */
  health(options?: { readonly timeoutMs?: number }): Promise<ProcessorHealth>;
  /**
   * Ends a request whose `requestId` the caller gave (in `process(input, { context })` or the
   * processor's `context` defaults): the guards drop its per-request state (budgets, loop
   * history). A request id the processor generated ends by itself when its call returns.
   */
  endRequest(requestId: string): void;
  /**
   * Cancels in-flight calls, refuses new ones, and disposes the runtimes it owns: those given in
   * `runtimes` and its own in-process runtime. Runtimes bound at registration are left to whoever
   * bound them.
   */
  close(): Promise<void>;
}

interface Request {
  readonly context: ExecutionContext;
  /** performance.now() at the start, when someone listens to `request:end`. */
  readonly startedAt: number | undefined;
  readonly signal: AbortSignal;
  readonly deadline: number | undefined;
  readonly onProgress: ProcessOptions['onProgress'];
  readonly end: () => void;
  /**
   * Whether this processor gave the request its id: only then is the request over when the call
   * returns. A caller-given `requestId` may span several process() calls (the turns of one agent
   * run); its per-request guard state lives until `processor.endRequest(id)` or the guards' LRU.
   */
  readonly ownsRequestId: boolean;
}

export function createProcessor(options: ProcessorOptions): Processor {
  const config = checkOptions(options);
  const { registry } = options;
  const events = createEventBus(options.onListenerError);
  if (options.onEvent) events.onAny(options.onEvent);
  const guardStage = options.guards ? createGuardStage(options.guards, events) : undefined;
  const latency = createObservedLatency();
  const resilience = buildResilienceStages(options, registry, events, guardStage?.screenError);

  const runtimes = createRuntimeLookup(options.runtimes ?? [], registry);
  const terminal = createRuntimeHandler(runtimes, events, config.acceptWeakerPermissions);
  const stack = orderMiddleware({
    ...resilience.stages,
    ...(options.middleware ? { custom: options.middleware } : {}),
    ...(guardStage ? { guards: guardStage.middleware } : {}),
    attemptEvents: attemptEventsMiddleware(events, guardStage?.screenError),
    timeout: timeoutMiddleware(config.timeoutMs, resilience.toolTimeoutMs),
  });
  const handlers = new WeakMap<ToolDefinition, CallHandler>();
  const handlerFor = (tool: ToolDefinition): CallHandler => {
    let handler = handlers.get(tool);
    if (!handler) {
      handler = terminal(tool);
      for (let i = stack.length - 1; i >= 0; i--) handler = stack[i]!.wrap(handler, tool);
      handlers.set(tool, handler);
    }
    return handler;
  };

  const closing = new AbortController();
  let closed: Promise<void> | undefined;

  const startRequest = (processOptions: ProcessOptions = {}, calls?: number): Request => {
    const context = requestContext({
      defaults: config.context,
      ambient: currentContext(),
      own: processOptions.context,
      timeoutDeadline:
        processOptions.timeoutMs === undefined ? undefined : Date.now() + processOptions.timeoutMs,
    });
    const link = linkSignals([closing.signal, processOptions.signal]);
    // A dry run executes nothing: it is no request to observers.
    const observed = processOptions.dryRun !== true;
    if (observed && events.wants('request:start')) {
      events.emit('request:start', calls === undefined ? { context } : { calls, context });
    }
    return {
      context,
      startedAt: observed && events.wants('request:end') ? performance.now() : undefined,
      signal: link.signal,
      deadline: context.deadline,
      onProgress: processOptions.onProgress,
      end: link.unlink,
      ownsRequestId:
        processOptions.context?.requestId === undefined && config.context.requestId === undefined,
    };
  };

  const endRequest = (request: Request) => {
    request.end();
    if (request.startedAt !== undefined) {
      events.emit('request:end', {
        durationMs: performance.now() - request.startedAt,
        context: request.context,
      });
    }
  };

  const resolveCall = (call: ToolCall) =>
    registry.resolve(call.tool, {
      ...(call.namespace !== undefined ? { namespace: call.namespace } : {}),
      ...(call.version !== undefined ? { version: call.version } : {}),
    });

  // A call refused before the guards stage never meets the post phase: its error (which may quote
  // the arguments, e.g. an unknown key) is screened by the guards that withhold data instead.
  const screenUnguarded = guardStage?.screenError ?? ((error: ToolErrorInfo) => error);

  /** Checks, resolves and validates a call: an invocation ready for the stack, or its failure. */
  const prepare = async (call: ToolCall, request: Request): Promise<PreparedCall> => {
    const malformed = checkCall(call);
    if (malformed) {
      return {
        outcome: malformed.error
          ? { ...malformed, error: screenUnguarded(malformed.error) }
          : malformed,
      };
    }
    const resolved = resolveCall(call);
    if (!resolved.ok) return { outcome: fail(screenUnguarded(resolved.error.toInfo())) };
    const { tool } = resolved;
    const args = call.argumentText
      ? typeTextArguments(call.arguments, call.argumentText, tool.inputSchema)
      : call.arguments;
    let validation = validateArguments(tool, args);
    if (validation instanceof Promise) validation = await validation;
    if (!validation.ok) return { outcome: fail(screenUnguarded(validation.error)), tool };
    const invocation: CallInvocation = {
      call,
      tool,
      args: validation.value,
      context: request.context,
      signal: request.signal,
      ...(request.deadline !== undefined ? { deadline: request.deadline } : {}),
      attempt: 1,
      ...(request.onProgress ? { onProgress: progressFor(call.id, request.onProgress) } : {}),
    };
    return { invocation };
  };

  const runCall = async (call: ToolCall, request: Request): Promise<ToolResult> => {
    const startedAt = Date.now();
    const start = performance.now();
    const finish = (outcome: CallOutcome, tool: ToolDefinition | undefined): ToolResult => {
      const result = toResult(call, tool, outcome, startedAt, start);
      if (tool && outcome.attempts > 0 && !outcome.cached) latency.record(tool, result.durationMs);
      if (events.wants('call:end')) events.emit('call:end', { result, context: request.context });
      return result;
    };

    const prepared = await prepare(call, request);
    if ('outcome' in prepared) return finish(prepared.outcome, prepared.tool);
    const { invocation } = prepared;
    const { tool } = invocation;
    const planBlock = guardStage?.planBlock(request.context, call.id);
    if (planBlock) return finish(fail(planBlock), tool);

    if (events.wants('call:start')) {
      // Plain literals, no conditional spread (V8 builds those on a slow path).
      const { name, namespace, runtime } = tool;
      const { context } = request;
      events.emit(
        'call:start',
        guardStage?.withholds?.(invocation.args)
          ? { callId: call.id, tool: name, namespace, runtime, context }
          : {
              callId: call.id,
              tool: name,
              namespace,
              runtime,
              arguments: invocation.args,
              context,
            },
      );
    }
    let outcome: CallOutcome;
    try {
      outcome = await handlerFor(tool)(invocation);
    } catch (error) {
      // Stages return outcomes; a custom one that throws must not take process() down with it.
      outcome = fail(toErrorInfo(error));
    }
    return finish(outcome, tool);
  };

  /** The result of a call the scheduler does not start (failed dependency, invalid plan, ...). */
  const refuseCall = (call: ToolCall, error: ToolErrorInfo, request: Request): ToolResult => {
    const result = toResult(call, undefined, fail(error), Date.now(), performance.now());
    if (events.wants('call:end')) events.emit('call:end', { result, context: request.context });
    return result;
  };

  /**
   * Runs the calls of a request. Without dependencies, refs, pools, priorities or deadline
   * estimates a plain pool runs them (the fast path builds no graph); otherwise the scheduler.
   * `gate` (batches) additionally bounds the calls in flight, and per pool, across chunks.
   */
  const runCalls = (
    calls: readonly ToolCall[],
    request: Request,
    onResult: (result: ToolResult, index: number) => void,
    limit = config.maxConcurrency,
    gate?: BatchGate,
  ): Promise<void> => {
    const run = gate
      ? (call: ToolCall) => gate(call, () => runCall(call, request))
      : (call: ToolCall) => runCall(call, request);
    if (!needsScheduling(calls, request.deadline)) {
      return runPool(calls.length, limit, async (index) => {
        onResult(await run(calls[index]!), index);
      });
    }
    return runSchedule(
      calls,
      {
        maxConcurrency: limit,
        pools: config.pools,
        deadline: request.deadline,
        signal: request.signal,
      },
      { run, refuse: (call, _index, error) => refuseCall(call, error, request), onResult },
    );
  };

  const runAll = async (
    calls: readonly ToolCall[],
    processOptions: ProcessOptions | undefined,
    onResult: (result: ToolResult, index: number) => void,
  ): Promise<void> => {
    const request = startRequest(processOptions, calls.length);
    try {
      if (guardStage) await guardStage.plan(calls, request.context, resolveTool, false);
      await runWithContext(request.context, () => runCalls(calls, request, onResult));
    } finally {
      finishRequest(request);
    }
  };

  const finishRequest = (request: Request): void => {
    if (guardStage) {
      guardStage.forgetPlan(request.context);
      if (request.ownsRequestId) guardStage.endRequest(request.context);
    }
    endRequest(request);
  };

  const resolveTool = (call: ToolCall) => {
    if (typeof call?.tool !== 'string') return undefined;
    const resolved = resolveCall(call);
    return resolved.ok ? resolved.tool : undefined;
  };

  const dryRun = async (
    calls: readonly ToolCall[],
    processOptions: ProcessOptions,
  ): Promise<ToolResult[]> => {
    const request = startRequest(processOptions);
    try {
      return await dryRunCalls(calls, {
        prepare: (call) => prepare(call, request),
        resolve: resolveTool,
        stack,
        guardStage,
        latency,
        maxConcurrency: config.maxConcurrency,
        context: request.context,
      });
    } finally {
      request.end();
    }
  };

  const collect = async (
    calls: readonly ToolCall[],
    processOptions?: ProcessOptions,
  ): Promise<ToolResult[]> => {
    if (!Array.isArray(calls)) {
      throw new ConfigurationError('execute(calls)', 'expects an array of ToolCall objects');
    }
    if (processOptions?.dryRun) return dryRun(calls, processOptions);
    const results: ToolResult[] =
      processOptions?.returnOrder === 'completion' ? [] : new Array(calls.length);
    const byCompletion = processOptions?.returnOrder === 'completion';
    await runAll(calls, processOptions, (result, index) => {
      if (byCompletion) results.push(result);
      else results[index] = result;
    });
    return results;
  };

  /**
   * Runs calls that arrive in parts of one request (batch chunks, streamed calls): each part is
   * a plan of its own for the plan guards, whose decisions are kept per context object, so a
   * part gets its own copy of the (unchanged) context.
   */
  const runPlanned = async (
    part: readonly ToolCall[],
    request: Request,
    limit: number,
    gate: BatchGate,
    onResult: (result: ToolResult) => void,
  ): Promise<void> => {
    if (!guardStage) {
      return runWithContext(request.context, () =>
        runCalls(part, request, (result) => onResult(result), limit, gate),
      );
    }
    const partRequest = { ...request, context: createExecutionContext(request.context) };
    try {
      await guardStage.plan(part, partRequest.context, resolveTool, false);
      await runWithContext(partRequest.context, () =>
        runCalls(part, partRequest, (result) => onResult(result), limit, gate),
      );
    } finally {
      guardStage.forgetPlan(partRequest.context);
    }
  };

  /** A model's streamed output: each call runs as soon as it is complete. */
  const runSource = (
    source: AsyncIterable<unknown>,
    processOptions: ProcessOptions | undefined,
    onCall: (call: ToolCall) => void,
  ): AsyncGenerator<ToolResult, void, undefined> => {
    const stop = new AbortController();
    const link = linkSignals([processOptions?.signal, stop.signal]);
    const request = startRequest({ ...processOptions, signal: link.signal });
    const gate = createBatchGate(config.maxConcurrency, config.pools);
    return runStreamSource(source, parseOptionsFor(processOptions), {
      signal: request.signal,
      run: (call) =>
        new Promise((resolve) => {
          runPlanned([call], request, config.maxConcurrency, gate, resolve);
        }),
      refuse: (call, error) => refuseCall(call, error, request),
      issue: (issue, index) => issueResult(issue, index),
      read: onCall,
      stop: () => stop.abort(cancellationError('the stream consumer stopped reading')),
      // Calls of one stream share the request id: per-request guard state spans the stream.
      end: () => {
        finishRequest(request);
        link.unlink();
      },
    });
  };

  /** process() of a stream: results in the order the calls arrived (or completed), issues last. */
  const collectSource = async (
    source: AsyncIterable<unknown>,
    processOptions: ProcessOptions | undefined,
  ): Promise<ToolResult[]> => {
    const order = new Map<string, number>();
    const results: ToolResult[] = [];
    const issues: ToolResult[] = [];
    const read = (call: ToolCall) => order.set(call.id, order.size);
    for await (const result of runSource(source, processOptions, read)) {
      (order.has(result.callId) ? results : issues).push(result);
    }
    if (processOptions?.returnOrder !== 'completion') {
      results.sort((a, b) => order.get(a.callId)! - order.get(b.callId)!);
    }
    return [...results, ...issues];
  };

  const parseDefaults = pickParseOptions(options, 'options');
  const parseOptionsFor = (processOptions: ProcessOptions | undefined) =>
    processOptions !== undefined &&
    (processOptions.dialects !== undefined ||
      processOptions.maxTextLength !== undefined ||
      processOptions.maxIssues !== undefined)
      ? { ...parseDefaults, ...pickParseOptions(processOptions, 'process options') }
      : parseDefaults;

  const issueResult = (found: ParseIssue, index: number): ToolResult => {
    // Issues quote model output: what a guard withholds is kept out of events and results.
    const issue = guardStage?.screenIssue ? guardStage.screenIssue(found) : found;
    if (events.wants('parse:issue')) events.emit('parse:issue', { issue });
    return parseIssueResult(issue, index);
  };

  const parse = (
    input: unknown,
    processOptions: ProcessOptions | undefined,
  ): { calls: ToolCall[]; failed: ToolResult[] } => {
    const { calls, issues } = parseToolCalls(input, parseOptionsFor(processOptions));
    return { calls, failed: issues.map(issueResult) };
  };

  return {
    registry,
    events,
    invalidate: resilience.invalidate,
    async process(input, processOptions) {
      if (isStreamSource(input)) {
        if (!processOptions?.dryRun) return collectSource(input, processOptions);
        input = await readAll(input);
      }
      const { calls, failed } = parse(input, processOptions);
      const results = await collect(calls, processOptions);
      return failed.length === 0 ? results : [...results, ...failed];
    },
    execute: collect,
    processBatch(calls, batchOptions = {}) {
      const defaults = { maxInFlight: config.maxConcurrency, pools: config.pools };
      return runBatch(calls, batchOptions, defaults, (processOptions) => {
        const request = startRequest(processOptions);
        return {
          signal: request.signal,
          runChunk: (chunk, limit, gate, onResult) =>
            runPlanned(chunk, request, limit, gate, onResult),
          refuse: (call, error) => refuseCall(call, error, request),
          // The chunks share the request id: per-request guard state (budgets, loops) spans the batch.
          end: () => finishRequest(request),
        };
      });
    },
    async *stream(input, processOptions) {
      if (isStreamSource(input)) {
        if (!processOptions?.dryRun) {
          yield* runSource(input, processOptions, () => {});
          return;
        }
        input = await readAll(input);
      }
      const { calls, failed } = parse(input, processOptions);
      if (processOptions?.dryRun) {
        yield* failed;
        yield* await dryRun(calls, processOptions);
        return;
      }
      const queue = new AsyncQueue<ToolResult>();
      const stop = new AbortController();
      const link = linkSignals([processOptions?.signal, stop.signal]);
      runAll(calls, { ...processOptions, signal: link.signal }, (result) =>
        queue.push(result),
      ).then(
        () => queue.end(),
        (error) => queue.end(error),
      );
      try {
        yield* failed;
        yield* queue;
      } finally {
        stop.abort(cancellationError('the stream consumer stopped reading'));
        link.unlink();
      }
    },
    health: (healthOptions) => runtimesHealth(runtimes.all(), healthOptions?.timeoutMs),
    endRequest(requestId) {
      guardStage?.endRequest(createExecutionContext({ requestId }));
    },
    close() {
      // Every caller of close() waits for the same disposal, not only the first.
      closed ??= (async () => {
        closing.abort(cancellationError('the processor was closed'));
        await disposeRuntimes(runtimes.owned, events);
      })();
      return closed;
    },
  };
}

function checkOptions(options: ProcessorOptions) {
  if (!options || typeof options.registry?.resolve !== 'function') {
    throw new ConfigurationError('registry', 'createProcessor needs a registry (createRegistry())');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Above 2^31-1 ms setTimeout fires at once: an "infinite" timeout would time out every call.
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) {
    throw new ConfigurationError('timeoutMs', 'must be a number of milliseconds, 1 to 2^31-1');
  }
  const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  if (!(Number.isInteger(maxConcurrency) && maxConcurrency > 0)) {
    throw new ConfigurationError('maxConcurrency', 'must be a positive integer');
  }
  for (const [index, runtime] of (options.runtimes ?? []).entries()) {
    if (!isRuntime(runtime)) {
      throw new ConfigurationError(
        `runtimes[${index}]`,
        'must implement the v1 runtime contract (specificationVersion "v1")',
      );
    }
  }
  const pools = options.pools ?? {};
  for (const [name, limit] of Object.entries(pools)) {
    if (!(Number.isInteger(limit) && limit > 0)) {
      throw new ConfigurationError(`pools.${name}`, 'must be a positive integer');
    }
  }
  // Checked now (unknown or invalid fields), not at the first request.
  if (options.context !== undefined) createExecutionContext(options.context);
  const acceptWeakerPermissions = checkAcceptWeakerPermissions(options.acceptWeakerPermissions);
  return {
    timeoutMs,
    maxConcurrency,
    pools,
    context: options.context ?? {},
    acceptWeakerPermissions,
  };
}

function checkCall(call: ToolCall): CallOutcome | undefined {
  if (
    typeof call !== 'object' ||
    call === null ||
    typeof call.tool !== 'string' ||
    call.tool === ''
  ) {
    return fail(
      toolErrorInfo('TOOL_VALIDATION_ERROR', 'a tool call needs a non-empty "tool" name'),
    );
  }
  const args = call.arguments;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return fail(
      toolErrorInfo('TOOL_VALIDATION_ERROR', `arguments of "${call.tool}" must be an object`, {
        details: { issues: [{ path: '$', message: 'must be an object' }] },
      }),
    );
  }
  return undefined;
}

function fail(error: CallOutcome['error']): CallOutcome {
  return { ok: false, ...(error ? { error } : {}), attempts: 0, cached: false };
}

function progressFor(callId: string, onProgress: NonNullable<ProcessOptions['onProgress']>) {
  return (update: ProgressUpdate) => onProgress(callId, update);
}

function toResult(
  call: ToolCall,
  tool: ToolDefinition | undefined,
  outcome: CallOutcome,
  startedAt: number,
  start: number,
): ToolResult {
  const durationMs = performance.now() - start;
  const result: {
    -readonly [Key in keyof ToolResultFields]: ToolResultFields[Key];
  } = {
    callId: typeof call?.id === 'string' ? call.id : '',
    tool: tool?.name ?? (typeof call?.tool === 'string' ? call.tool : ''),
    namespace: tool?.namespace ?? (typeof call?.namespace === 'string' ? call.namespace : ''),
    ok: outcome.ok,
    attempts: outcome.attempts,
    cached: outcome.cached,
    startedAt,
    endedAt: startedAt + Math.round(durationMs),
    durationMs,
    runtime: tool?.runtime ?? '',
  };
  if (outcome.ok) result.value = outcome.value;
  else result.error = outcome.error ?? unexplainedFailure;
  if (outcome.warnings?.length) result.warnings = outcome.warnings;
  // ok and its field were set together above.
  return result as ToolResult;
}

/** Every member of the result union, as one shape the factory fills in. */
type ToolResultFields = ToolResultBase & {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: ToolErrorInfo;
};

/** A failure always says why, even when a stage reported none. */
const unexplainedFailure = toolErrorInfo(
  'TOOL_EXECUTION_FAILED',
  'the call failed without an error being reported',
);

function parseIssueResult(issue: ParseIssue, index: number): ToolResult {
  const now = Date.now();
  const where = issue.offset === undefined ? '' : ` at offset ${issue.offset}`;
  return {
    callId: `parse-error-${index + 1}`,
    tool: issue.tool ?? '',
    namespace: '',
    ok: false,
    error: toolErrorInfo('PARSER_ERROR', `${issue.dialect}: ${issue.message}${where}`, {
      details: { ...issue },
    }),
    attempts: 0,
    cached: false,
    startedAt: now,
    endedAt: now,
    durationMs: 0,
    runtime: '',
  };
}
