import type { ToolResult } from '../contracts/tool-result.js';

// A `{"$ref": "<call id>.<path>"}` object anywhere in a call's arguments stands for a value of an
// earlier call's result: `call-1.value.id` is `value.id` of call-1's ToolResult, a bare
// `call-1` is its `value`. Numeric segments index arrays.

/**
 * Refs are looked for this deep and no deeper, so a pathologically nested argument cannot
 * overflow the stack (a `$ref` below it is passed through as plain data).
 */
const MAX_DEPTH = 64;

/** The ref string when `value` is a `{ $ref: string }` object (exactly that one key), else undefined. */
function refOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const ref = (value as Record<string, unknown>).$ref;
  if (typeof ref !== 'string') return undefined;
  for (const key in value) if (key !== '$ref') return undefined;
  return ref;
}

/** True when `value` contains a `$ref` object at any depth. Cheap for the usual flat arguments. */
export function containsRef(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (containsRef(item, depth + 1)) return true;
    return false;
  }
  if (refOf(value) !== undefined) return true;
  for (const key in value) {
    if (containsRef((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** Every ref string in `value`, in document order. */
export function collectRefs(value: unknown, into: string[] = [], depth = 0): string[] {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return into;
  const ref = refOf(value);
  if (ref !== undefined) into.push(ref);
  else if (Array.isArray(value)) for (const item of value) collectRefs(item, into, depth + 1);
  else {
    for (const key in value) collectRefs((value as Record<string, unknown>)[key], into, depth + 1);
  }
  return into;
}

export interface RefTarget {
  readonly callId: string;
  readonly path: readonly string[];
}

/**
 * Splits a ref into the call id it names and the path inside that call's result. Call ids may
 * contain dots, so the longest prefix that is a known id wins.
 */
export function splitRef(ref: string, isCallId: (id: string) => boolean): RefTarget | undefined {
  if (isCallId(ref)) return { callId: ref, path: [] };
  for (let dot = ref.lastIndexOf('.'); dot > 0; dot = ref.lastIndexOf('.', dot - 1)) {
    const callId = ref.slice(0, dot);
    if (isCallId(callId)) return { callId, path: ref.slice(dot + 1).split('.') };
  }
  return undefined;
}

export type ResolveRefsOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly ref: string; readonly problem: string };

/** `value` with every ref replaced by what it points at in `resultOf(callId)`. */
export function resolveRefs(
  value: unknown,
  isCallId: (id: string) => boolean,
  resultOf: (callId: string) => ToolResult | undefined,
  depth = 0,
): ResolveRefsOutcome {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return { ok: true, value };
  const ref = refOf(value);
  if (ref !== undefined) return lookup(ref, isCallId, resultOf);
  if (Array.isArray(value)) {
    const resolved: unknown[] = [];
    for (const item of value) {
      const outcome = resolveRefs(item, isCallId, resultOf, depth + 1);
      if (!outcome.ok) return outcome;
      resolved.push(outcome.value);
    }
    return { ok: true, value: resolved };
  }
  const resolved: Record<string, unknown> = {};
  for (const key in value) {
    const outcome = resolveRefs(
      (value as Record<string, unknown>)[key],
      isCallId,
      resultOf,
      depth + 1,
    );
    if (!outcome.ok) return outcome;
    resolved[key] = outcome.value;
  }
  return { ok: true, value: resolved };
}

function lookup(
  ref: string,
  isCallId: (id: string) => boolean,
  resultOf: (callId: string) => ToolResult | undefined,
): ResolveRefsOutcome {
  const target = splitRef(ref, isCallId);
  const result = target && resultOf(target.callId);
  if (!target || !result) return { ok: false, ref, problem: 'names no call of this batch' };
  let current: unknown = target.path.length === 0 ? result.value : result;
  for (const segment of target.path) {
    if (Array.isArray(current) && /^\d+$/.test(segment) && Number(segment) < current.length) {
      current = current[Number(segment)];
    } else if (
      typeof current === 'object' &&
      current !== null &&
      !Array.isArray(current) &&
      Object.hasOwn(current, segment)
    ) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return {
        ok: false,
        ref,
        problem: `"${segment}" does not exist in the result of "${target.callId}"`,
      };
    }
  }
  return { ok: true, value: current };
}
