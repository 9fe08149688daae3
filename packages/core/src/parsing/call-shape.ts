import type { RawToolCall } from '../contracts/dialect/v1/tool-call-dialect-v1.js';

const NAME_KEYS = ['name', 'tool', 'function'] as const;
const ARGUMENT_KEYS = ['arguments', 'args', 'parameters', 'input'] as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the generic JSON call shapes models write: `{ name|tool|function, arguments|args|
 * parameters|input, id? }` and OpenAI's `{ id, type: 'function', function: { name, arguments } }`.
 * Returns undefined when `value` is not call-shaped. With `requireArguments`, an object that has
 * a name but no arguments key is not a call: that keeps `{"name": "Alice"}` in prose out.
 */
export function readCallShape(value: unknown, requireArguments: boolean): RawToolCall | undefined {
  if (!isRecord(value)) return undefined;
  const id = value.id ?? value.call_id;
  const fn = value.function;
  if (isRecord(fn) && Object.hasOwn(fn, 'name')) {
    return { id, name: fn.name, arguments: fn.arguments ?? fn.parameters };
  }
  const nameKey = NAME_KEYS.find((key) => Object.hasOwn(value, key));
  if (nameKey === undefined) return undefined;
  const argumentKey = ARGUMENT_KEYS.find((key) => Object.hasOwn(value, key));
  if (argumentKey === undefined && requireArguments) return undefined;
  return {
    id,
    name: value[nameKey],
    arguments: argumentKey === undefined ? undefined : value[argumentKey],
  };
}

export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** Turns arguments given as an object, a JSON string or nothing into an object. */
export function decodeArguments(value: unknown): Decoded<Record<string, unknown>> {
  if (value === undefined || value === null) return { ok: true, value: {} };
  if (isRecord(value)) return { ok: true, value };
  if (typeof value !== 'string') {
    return { ok: false, message: `arguments must be an object, got ${describe(value)}` };
  }
  const text = value.trim();
  if (text === '') return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
    // Some models double-encode: a JSON string whose content is the JSON object.
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  } catch (error) {
    return {
      ok: false,
      message: `arguments are not valid JSON (${(error as Error).message}): ${excerpt(text)}`,
    };
  }
  if (isRecord(parsed)) return { ok: true, value: parsed };
  return { ok: false, message: `arguments must be a JSON object, got ${describe(parsed)}` };
}

/** Checks a tool name: a non-empty string, surrounding whitespace removed. */
export function decodeName(value: unknown): Decoded<string> {
  if (typeof value === 'string' && value.trim() !== '') return { ok: true, value: value.trim() };
  return { ok: false, message: `tool name must be a non-empty string, got ${describe(value)}` };
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${excerpt(JSON.stringify(value))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

export function excerpt(text: string, length = 60): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}
