import type { GuardV1 } from '@tp/core';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  oneOf,
  positiveInteger,
} from './shared/guard-options.js';

export type OutputSizeMode = 'block' | 'truncate' | 'paginate';

export interface OutputSizeGuardOptions extends GuardBaseOptions {
  /** UTF-8 bytes of the value as JSON (default 1 MB). */
  readonly maxBytes?: number;
  /** Nesting depth (default 32). */
  readonly maxDepth?: number;
  /** Items in any array (default 10 000). */
  readonly maxArrayLength?: number;
  /** Characters in any string (default 100 000). */
  readonly maxStringLength?: number;
  /**
   * 'block' refuses the result; 'truncate' (default) cuts what is too long and marks the cut;
   * 'paginate' returns the first page of a top-level array as `{ items, page, pageSize, totalItems, hasMore }`
   * (other values are truncated).
   */
  readonly mode?: OutputSizeMode;
}

interface Limits {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly maxStringLength: number;
}

/** Keeps tool results small enough for a model's context: bytes, depth, array and string length. */
export function outputSizeGuard(options: OutputSizeGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('output-size', options);
  const limits: Limits = {
    maxBytes: positiveInteger('output-size.maxBytes', options.maxBytes, 1_000_000),
    maxDepth: positiveInteger('output-size.maxDepth', options.maxDepth, 32),
    maxArrayLength: positiveInteger('output-size.maxArrayLength', options.maxArrayLength, 10_000),
    maxStringLength: positiveInteger(
      'output-size.maxStringLength',
      options.maxStringLength,
      100_000,
    ),
  };
  const mode = oneOf(
    'output-size.mode',
    options.mode,
    ['block', 'truncate', 'paginate'],
    'truncate',
  );

  return {
    ...identity,
    post({ result }) {
      if (!result.ok) return ALLOW;
      const problem = measure(result.value, limits);
      if (problem === undefined) return ALLOW;
      if (mode === 'block')
        return {
          verdict: 'block',
          reason: `the result is too large: ${problem}`,
          details: { problem },
        };
      const value =
        mode === 'paginate' && Array.isArray(result.value)
          ? firstPage(result.value, limits)
          : truncate(result.value, limits);
      const action = mode === 'paginate' && Array.isArray(result.value) ? 'paginated' : 'truncated';
      return {
        verdict: 'repair',
        reason: `${action} the result: ${problem}`,
        details: { problem },
        value,
      };
    },
  } satisfies GuardV1;
}

/** The first limit the value breaks, described, or undefined. */
function measure(value: unknown, limits: Limits): string | undefined {
  const shape = shapeProblem(value, limits, 0);
  if (shape) return shape;
  const bytes = jsonBytes(value);
  if (bytes === undefined) return 'it cannot be serialized as JSON';
  return bytes > limits.maxBytes ? `${bytes} bytes exceed ${limits.maxBytes}` : undefined;
}

function shapeProblem(value: unknown, limits: Limits, depth: number): string | undefined {
  if (typeof value === 'string') {
    return value.length > limits.maxStringLength
      ? `a string of ${value.length} characters exceeds ${limits.maxStringLength}`
      : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= limits.maxDepth) return `nesting deeper than ${limits.maxDepth}`;
  const children = Array.isArray(value) ? value : Object.values(value);
  if (Array.isArray(value) && value.length > limits.maxArrayLength) {
    return `an array of ${value.length} items exceeds ${limits.maxArrayLength}`;
  }
  for (const child of children) {
    const problem = shapeProblem(child, limits, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function jsonBytes(value: unknown): number | undefined {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 0 : utf8Length(text);
  } catch {
    return undefined;
  }
}

/** UTF-8 length of a string without encoding it (JSON.stringify leaves no lone surrogates). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: two UTF-16 units, four bytes.
      bytes += 2;
      index++;
    } else {
      bytes += code < 0x800 ? 1 : 2;
    }
  }
  return bytes;
}

function truncate(value: unknown, limits: Limits): unknown {
  const cut = cutShape(value, limits, 0);
  const bytes = jsonBytes(cut);
  if (bytes !== undefined && bytes <= limits.maxBytes) return cut;
  // Still too big (or unserializable): keep a marked preview of the JSON text.
  let text: string;
  try {
    text = JSON.stringify(cut) ?? '';
  } catch {
    text = String(cut);
  }
  const keep = Math.max(0, Math.floor(limits.maxBytes / 2) - 200);
  return { truncated: true, originalBytes: bytes ?? null, preview: text.slice(0, keep) };
}

function cutShape(value: unknown, limits: Limits, depth: number): unknown {
  if (typeof value === 'string') {
    if (value.length <= limits.maxStringLength) return value;
    return `${value.slice(0, limits.maxStringLength)}…[truncated ${value.length - limits.maxStringLength} characters]`;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= limits.maxDepth) return '[truncated: nested too deep]';
  if (Array.isArray(value)) {
    const kept = value
      .slice(0, limits.maxArrayLength)
      .map((child) => cutShape(child, limits, depth + 1));
    const dropped = value.length - kept.length;
    if (dropped > 0) kept.push(`[truncated ${dropped} more items]`);
    return kept;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = cutShape(child, limits, depth + 1);
  return copy;
}

function firstPage(items: readonly unknown[], limits: Limits) {
  const page: unknown[] = [];
  let bytes = 200; // room for the envelope
  for (const item of items) {
    if (page.length >= limits.maxArrayLength) break;
    const cut = cutShape(item, limits, 1);
    const size = (jsonBytes(cut) ?? limits.maxBytes) + 1;
    if (bytes + size > limits.maxBytes && page.length > 0) break;
    bytes += size;
    page.push(cut);
  }
  return {
    items: page,
    page: 1,
    pageSize: page.length,
    totalItems: items.length,
    hasMore: page.length < items.length,
  };
}
