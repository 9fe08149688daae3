import {
  type Attributes,
  type Context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type {
  EventBus,
  ExecutionContext,
  ToolErrorInfo,
  ToolRegistry,
  ToolResult,
  TpEventOf,
} from '@tp/core';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_MCP_METHOD_NAME,
  ATTR_TP_ACQUIRED,
  ATTR_TP_ATTEMPT,
  ATTR_TP_ATTEMPTS,
  ATTR_TP_CACHED,
  ATTR_TP_NAMESPACE,
  ATTR_TP_REQUEST_ID,
  ATTR_TP_RUNTIME,
  ATTR_TP_STAGE,
  ERROR_TYPE_OTHER,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  MCP_METHOD_TOOLS_CALL,
} from '../semconv.js';
import { parentContext } from './parent-context.js';

export interface CallSpanOptions {
  readonly tracer: Tracer;
  readonly registry: ToolRegistry;
  /** Record `gen_ai.tool.call.arguments`/`.result` (as the guards let events show them). */
  readonly recordArguments: boolean;
}

interface CallTrace {
  readonly span: Span;
  /** The span's context, parent of its attempt and wait spans. */
  readonly context: Context;
  readonly attempts: Map<number, Span>;
}

/**
 * One `execute_tool {tool}` span (kind INTERNAL) per call, from core's events only: child spans
 * for each attempt (the runtime's work, timeout included) and each stage wait (rate limit,
 * bulkhead queue); span events for cache hits and misses, guard verdicts, scheduled retries and
 * refusals. A call refused before it entered the stages (not found, invalid, plan guard) gets its
 * span at `call:end`, spanning the result's own start and end.
 */
export function traceCalls(events: Pick<EventBus, 'on'>, options: CallSpanOptions): () => void {
  const { tracer, registry, recordArguments } = options;
  // Per request, its calls between call:start and call:end; null for a span that records nothing
  // (no SDK, or not sampled): its attempts, waits and span events are skipped, not built.
  const open = new WeakMap<ExecutionContext, Map<string, CallTrace | null>>();
  const find = (execution: ExecutionContext, callId: string | undefined) =>
    callId === undefined ? undefined : (open.get(execution)?.get(callId) ?? undefined);

  const startSpan = (
    callId: string,
    tool: string,
    namespace: string,
    runtime: string,
    execution: ExecutionContext,
    startTime: number,
  ): CallTrace | null => {
    const parent = parentContext(execution);
    // What a sampler may look at is set at start; the rest only on a span that records.
    const span = tracer.startSpan(
      `${GEN_AI_OPERATION_EXECUTE_TOOL} ${tool}`,
      {
        kind: SpanKind.INTERNAL,
        startTime,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_EXECUTE_TOOL,
          [ATTR_GEN_AI_TOOL_NAME]: tool,
          [ATTR_GEN_AI_TOOL_CALL_ID]: callId,
        },
      },
      parent,
    );
    if (!span.isRecording()) {
      span.end(startTime);
      return null;
    }
    const attributes: Attributes = {
      [ATTR_GEN_AI_TOOL_TYPE]: runtime === 'mcp' ? 'extension' : 'function',
      [ATTR_TP_NAMESPACE]: namespace,
      [ATTR_TP_RUNTIME]: runtime,
      [ATTR_TP_REQUEST_ID]: execution.requestId,
    };
    const description = registry.get(tool, { namespace })?.description;
    if (description) attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = description;
    // An MCP tool's call is covered by this span: the MCP attributes go on it, no second span.
    if (runtime === 'mcp') attributes[ATTR_MCP_METHOD_NAME] = MCP_METHOD_TOOLS_CALL;
    span.setAttributes(attributes);
    return { span, context: trace.setSpan(parent, span), attempts: new Map() };
  };

  const onCallStart = (event: TpEventOf<'call:start'>) => {
    const call = startSpan(
      event.callId,
      event.tool,
      event.namespace,
      event.runtime,
      event.context,
      event.time,
    );
    if (call && recordArguments && event.arguments !== undefined) {
      call.span.setAttribute(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, json(event.arguments));
    }
    let calls = open.get(event.context);
    if (!calls) open.set(event.context, (calls = new Map()));
    calls.set(event.callId, call);
  };

  const onCallEnd = (event: TpEventOf<'call:end'>) => {
    const { result } = event;
    const calls = open.get(event.context);
    const started = calls?.get(result.callId);
    calls?.delete(result.callId);
    // A call refused before the stages had no call:start: its span covers the result's time.
    const call =
      started === undefined
        ? startSpan(
            result.callId,
            result.tool,
            result.namespace,
            result.runtime,
            event.context,
            result.startedAt,
          )
        : started;
    if (!call) return;
    finish(call.span, result, recordArguments);
    call.span.end(event.time);
  };

  const onAttemptStart = (event: TpEventOf<'attempt:start'>) => {
    const call = find(event.context, event.callId);
    if (!call) return;
    const span = tracer.startSpan(
      `attempt ${event.attempt} ${event.tool}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: event.time,
        attributes: { [ATTR_TP_ATTEMPT]: event.attempt, [ATTR_TP_RUNTIME]: event.runtime },
      },
      call.context,
    );
    call.attempts.set(event.attempt, span);
  };

  const onAttemptEnd = (event: TpEventOf<'attempt:end'>) => {
    const call = find(event.context, event.callId);
    const span = call?.attempts.get(event.attempt);
    if (!call || !span) return;
    call.attempts.delete(event.attempt);
    if (!event.ok) markError(span, event.error);
    span.end(event.time);
  };

  const onWait = (event: TpEventOf<'stage:wait'>) => {
    const call = find(event.context, event.callId);
    if (!call) return;
    tracer
      .startSpan(
        `wait ${event.stage}`,
        {
          kind: SpanKind.INTERNAL,
          startTime: event.time - event.waitedMs,
          attributes: { [ATTR_TP_STAGE]: event.stage, [ATTR_TP_ACQUIRED]: event.acquired },
        },
        call.context,
      )
      .end(event.time);
  };

  const spanEvent =
    <
      Type extends
        | 'cache:hit'
        | 'cache:miss'
        | 'retry:scheduled'
        | 'rate-limit:limited'
        | 'bulkhead:rejected'
        | 'guard:verdict',
    >(
      name: string,
      attributesOf: (event: TpEventOf<Type>) => Attributes,
    ) =>
    (event: TpEventOf<Type>) =>
      find(event.context, event.callId)?.span.addEvent(name, attributesOf(event), event.time);

  const off = [
    events.on('call:start', onCallStart),
    events.on('call:end', onCallEnd),
    events.on('attempt:start', onAttemptStart),
    events.on('attempt:end', onAttemptEnd),
    events.on('stage:wait', onWait),
    events.on(
      'cache:hit',
      spanEvent('tp.cache.hit', () => ({})),
    ),
    events.on(
      'cache:miss',
      spanEvent('tp.cache.miss', () => ({})),
    ),
    events.on(
      'retry:scheduled',
      spanEvent('tp.retry.scheduled', (event) => ({
        [ATTR_TP_ATTEMPT]: event.attempt,
        'tp.retry.delay_ms': event.delayMs,
        [ATTR_ERROR_TYPE]: event.error.code,
      })),
    ),
    events.on(
      'rate-limit:limited',
      spanEvent('tp.rate_limit.limited', (event) => ({
        'tp.rate_limit.mode': event.mode,
        'tp.rate_limit.retry_after_ms': event.retryAfterMs,
      })),
    ),
    events.on(
      'bulkhead:rejected',
      spanEvent('tp.bulkhead.rejected', (event) => ({ 'tp.bulkhead.reason': event.reason })),
    ),
    events.on(
      'guard:verdict',
      spanEvent('tp.guard.verdict', (event) => ({
        'tp.guard.name': event.guard,
        'tp.guard.phase': event.phase,
        'tp.guard.verdict': event.verdict,
        'tp.guard.applied': event.applied,
        'tp.guard.latency_us': event.latencyUs,
        ...(event.reason !== undefined ? { 'tp.guard.reason': event.reason } : {}),
      })),
    ),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}

function finish(span: Span, result: ToolResult, recordArguments: boolean): void {
  span.setAttribute(ATTR_TP_ATTEMPTS, result.attempts);
  span.setAttribute(ATTR_TP_CACHED, result.cached);
  if (result.ok) {
    if (recordArguments) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, json(result.value));
  } else {
    markError(span, result.error);
  }
}

function markError(span: Span, error: ToolErrorInfo | undefined): void {
  span.setAttribute(ATTR_ERROR_TYPE, error?.code || ERROR_TYPE_OTHER);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    ...(error?.message ? { message: error.message } : {}),
  });
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
