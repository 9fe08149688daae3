// W3C Trace Context (https://www.w3.org/TR/trace-context/) syntax checks. tp does not create
// spans; it only carries the two headers, so it checks their shape and nothing more.

// version-traceid-parentid-flags; a future version may append "-<more>" after the flags.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^\s]*)?$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_PARENT_ID = '0'.repeat(16);

const TRACESTATE_KEY =
  /^(?:[a-z0-9][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})$/;
const TRACESTATE_VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
const MAX_TRACESTATE_MEMBERS = 32;

export interface Traceparent {
  readonly version: string;
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: string;
  readonly sampled: boolean;
}

/** The parts of a valid traceparent header, or undefined when it is not valid. */
export function parseTraceparent(value: string): Traceparent | undefined {
  const match = TRACEPARENT.exec(value);
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  // Version ff is forbidden; version 00 has exactly four fields.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE_ID || parentId === ZERO_PARENT_ID) return undefined;
  return { version, traceId, parentId, flags, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

export function isValidTraceparent(value: unknown): value is string {
  return typeof value === 'string' && parseTraceparent(value) !== undefined;
}

/** True for a tracestate list of at most 32 `key=value` members with W3C key/value syntax. */
export function isValidTracestate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const members = value.split(',').map((member) => member.trim());
  const present = members.filter((member) => member !== '');
  if (present.length === 0 || present.length > MAX_TRACESTATE_MEMBERS) return false;
  const keys = new Set<string>();
  for (const member of present) {
    const equals = member.indexOf('=');
    if (equals <= 0) return false;
    const key = member.slice(0, equals);
    if (!TRACESTATE_KEY.test(key) || !TRACESTATE_VALUE.test(member.slice(equals + 1))) {
      return false;
    }
    if (keys.has(key)) return false;
    keys.add(key);
  }
  return true;
}
