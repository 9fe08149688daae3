import { type Context, context, createTraceState, TraceFlags, trace } from '@opentelemetry/api';
import { type ExecutionContext, parseTraceparent } from '@tp/core';

/**
 * The parent of a call's span: the caller's active span when there is one, else the request's
 * W3C trace context (`ExecutionContext.traceparent`/`tracestate`, e.g. from an MCP `_meta` or
 * HTTP headers), else the active context (a new trace).
 */
export function parentContext(execution: ExecutionContext): Context {
  const active = context.active();
  if (trace.getSpan(active) !== undefined || execution.traceparent === undefined) return active;
  const parsed = parseTraceparent(execution.traceparent);
  if (!parsed) return active;
  return trace.setSpanContext(active, {
    traceId: parsed.traceId,
    spanId: parsed.parentId,
    traceFlags: parsed.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
    ...(execution.tracestate ? { traceState: createTraceState(execution.tracestate) } : {}),
  });
}
