import type { JsonSchema } from '../contracts/json-schema.js';
import { readLiteral, skipSpace } from '../parsing/python-syntax.js';

const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Arguments of a call whose dialect wrote values as untyped text (Qwen3-Coder's
 * `<parameter=k>v</parameter>`, Anthropic's XML parameters), typed by the tool's input schema:
 * a `string` property gets the text exactly as written (`007`, `true`, `"x"` stay strings); a
 * number, integer or boolean property gets the number or boolean the text spells; an object or
 * array property its JSON (or Python literal) value; `null` for `null`/`None`. A property the
 * schema does not type, or text that does not fit, keeps the parser's guess, so validation
 * reports it clearly.
 */
export function typeTextArguments(
  guessed: Readonly<Record<string, unknown>>,
  text: Readonly<Record<string, string>>,
  schema: JsonSchema,
): Readonly<Record<string, unknown>> {
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null) return guessed;
  let typed: Record<string, unknown> | undefined;
  for (const key of Object.keys(text)) {
    const raw = text[key];
    if (typeof raw !== 'string' || !Object.hasOwn(guessed, key)) continue;
    const types = typesOf((properties as Record<string, unknown>)[key]);
    if (types.size === 0) continue;
    const value = retype(guessed[key], raw, types);
    if (value !== guessed[key]) {
      typed ??= { ...guessed };
      typed[key] = value;
    }
  }
  return typed ?? guessed;
}

function retype(guess: unknown, raw: string, types: ReadonlySet<string>): unknown {
  const kind = guess === null ? 'null' : Array.isArray(guess) ? 'array' : typeof guess;
  const fits =
    (kind === 'string' && types.has('string')) ||
    (kind === 'number' &&
      (types.has('number') || (types.has('integer') && Number.isInteger(guess)))) ||
    (kind === 'boolean' && types.has('boolean')) ||
    (kind === 'null' && types.has('null')) ||
    (kind === 'object' && types.has('object')) ||
    (kind === 'array' && types.has('array'));
  // A text the parser read as JSON (`"x"`, `123`) is still the text the model wrote for a string.
  if (types.has('string') && types.size === 1) return raw;
  if (fits) return guess;
  const trimmed = raw.trim();
  if ((types.has('number') || types.has('integer')) && NUMERIC.test(trimmed)) {
    const number = Number(trimmed);
    if (Number.isFinite(number) && (types.has('number') || Number.isInteger(number))) return number;
  }
  if (types.has('boolean') && /^(?:true|false)$/i.test(trimmed)) {
    return trimmed.toLowerCase() === 'true';
  }
  if (types.has('null') && (trimmed === 'null' || trimmed === 'None')) return null;
  if (types.has('object') || types.has('array')) {
    const literal = readLiteral(trimmed, 0, 0);
    if (!('error' in literal) && skipSpace(trimmed, literal.end) === trimmed.length) {
      const value = literal.value;
      if (Array.isArray(value) ? types.has('array') : typeof value === 'object' && value !== null) {
        return value;
      }
    }
  }
  if (types.has('string')) return raw;
  return guess;
}

/** The JSON types a property schema allows (`type`, or the types of its anyOf/oneOf branches). */
function typesOf(schema: unknown, depth = 0): Set<string> {
  const types = new Set<string>();
  if (typeof schema !== 'object' || schema === null || depth > 4) return types;
  const { type, anyOf, oneOf } = schema as Record<string, unknown>;
  if (typeof type === 'string') types.add(type);
  else if (Array.isArray(type))
    for (const item of type) if (typeof item === 'string') types.add(item);
  for (const branches of [anyOf, oneOf]) {
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) for (const item of typesOf(branch, depth + 1)) types.add(item);
  }
  return types;
}
