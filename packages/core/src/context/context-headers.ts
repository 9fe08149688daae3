import type { ExecutionContext } from '../contracts/execution-context.js';
import { createExecutionContext, type ExecutionContextInit } from './execution-context.js';
import { isValidTraceparent, isValidTracestate } from './trace-context.js';

/** The header names an ExecutionContext travels under (lower case; HTTP headers are case-insensitive). */
export const CONTEXT_HEADERS = {
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  requestId: 'x-request-id',
  correlationId: 'x-correlation-id',
  tenant: 'x-tp-tenant',
  user: 'x-tp-user',
  /** Time left, in whole milliseconds: relative, so clock skew between hosts does not matter. */
  timeoutMs: 'x-tp-timeout-ms',
  /** `name=amount` pairs, comma separated, names percent-encoded. */
  budget: 'x-tp-budget',
} as const;

/** A fetch `Headers` object or a plain record such as Node's `IncomingHttpHeaders`. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

const MAX_TEXT_LENGTH = 256;
// Printable ASCII only: anything else cannot be sent back out as a header value.
const HEADER_TEXT = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * The headers that carry `context` across a process or network boundary. Metadata is not sent:
 * it holds arbitrary in-process values (and may be private); put what must travel in a field.
 */
export function toHeaders(context: ExecutionContext, now = Date.now()): Record<string, string> {
  const headers: Record<string, string> = { [CONTEXT_HEADERS.requestId]: context.requestId };
  if (context.correlationId !== undefined)
    headers[CONTEXT_HEADERS.correlationId] = context.correlationId;
  if (context.tenant !== undefined) headers[CONTEXT_HEADERS.tenant] = context.tenant;
  if (context.user !== undefined) headers[CONTEXT_HEADERS.user] = context.user;
  if (context.traceparent !== undefined) headers[CONTEXT_HEADERS.traceparent] = context.traceparent;
  if (context.tracestate !== undefined) headers[CONTEXT_HEADERS.tracestate] = context.tracestate;
  if (context.deadline !== undefined) {
    headers[CONTEXT_HEADERS.timeoutMs] = String(Math.max(0, Math.floor(context.deadline - now)));
  }
  if (context.budget !== undefined && Object.keys(context.budget).length > 0) {
    headers[CONTEXT_HEADERS.budget] = Object.entries(context.budget)
      .map(([name, amount]) => `${encodeURIComponent(name)}=${amount}`)
      .join(',');
  }
  return headers;
}

/**
 * A context from incoming headers. Headers are untrusted input, so a value that is malformed is
 * dropped rather than rejected (as W3C Trace Context asks for traceparent: an invalid one starts
 * a new trace, and its tracestate goes with it). `overrides` win over what the headers say.
 */
export function fromHeaders(
  headers: HeadersLike,
  overrides: ExecutionContextInit = {},
  now = Date.now(),
): ExecutionContext {
  const read = headerReader(headers);
  const init: { -readonly [Key in keyof ExecutionContextInit]: ExecutionContextInit[Key] } = {};
  const requestId = text(read(CONTEXT_HEADERS.requestId));
  if (requestId !== undefined) init.requestId = requestId;
  const correlationId = text(read(CONTEXT_HEADERS.correlationId));
  if (correlationId !== undefined) init.correlationId = correlationId;
  const tenant = text(read(CONTEXT_HEADERS.tenant));
  if (tenant !== undefined) init.tenant = tenant;
  const user = text(read(CONTEXT_HEADERS.user));
  if (user !== undefined) init.user = user;

  const traceparent = read(CONTEXT_HEADERS.traceparent)?.trim();
  if (isValidTraceparent(traceparent)) {
    init.traceparent = traceparent;
    const tracestate = read(CONTEXT_HEADERS.tracestate);
    if (isValidTracestate(tracestate)) init.tracestate = tracestate;
  }
  const timeout = read(CONTEXT_HEADERS.timeoutMs)?.trim();
  if (timeout !== undefined && /^\d{1,15}$/.test(timeout)) init.deadline = now + Number(timeout);
  const budget = parseBudget(read(CONTEXT_HEADERS.budget));
  if (budget) init.budget = budget;

  return createExecutionContext({ ...init, ...overrides });
}

function headerReader(headers: HeadersLike): (name: string) => string | undefined {
  if (typeof headers.get === 'function') {
    const fetchHeaders = headers as { get(name: string): string | null };
    return (name) => fetchHeaders.get(name) ?? undefined;
  }
  const lowerCased = new Map<string, string | readonly string[] | undefined>();
  for (const [name, value] of Object.entries(headers)) lowerCased.set(name.toLowerCase(), value);
  return (name) => {
    const value = lowerCased.get(name);
    // Repeated headers join with a comma, as HTTP does (a repeated traceparent then fails its check).
    return typeof value === 'string' ? value : value?.join(',');
  };
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed.length > MAX_TEXT_LENGTH) return undefined;
  return HEADER_TEXT.test(trimmed) ? trimmed : undefined;
}

function parseBudget(value: string | undefined): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  const budget: Record<string, number> = {};
  for (const member of value.split(',')) {
    const equals = member.indexOf('=');
    if (equals <= 0) continue;
    let name: string;
    try {
      name = decodeURIComponent(member.slice(0, equals).trim());
    } catch {
      continue;
    }
    const amount = Number(member.slice(equals + 1).trim());
    if (name !== '' && Number.isFinite(amount)) budget[name] = amount;
  }
  return Object.keys(budget).length > 0 ? budget : undefined;
}
