import type { JsonSchema } from '@tp/core';
import { camelCase, type WitField, type WitType } from './wit-type.js';

const integerRanges: Record<string, readonly [number | bigint, number | bigint]> = {
  s8: [-128, 127],
  s16: [-32_768, 32_767],
  s32: [-2_147_483_648, 2_147_483_647],
  s64: [-(2n ** 63n), 2n ** 63n - 1n],
  u8: [0, 255],
  u16: [0, 65_535],
  u32: [0, 4_294_967_295],
  u64: [0, 2n ** 64n - 1n],
};

/**
 * The JSON Schema of a WIT type's JSON form (docs/runtime-wasm.md has the table): records are
 * objects with jco's camelCase field names, variants `{ tag, val? }`, enums strings, flags objects
 * of booleans, options `T | null`, results `{ ok } | { err }`, tuples fixed-length arrays, and
 * integers carry their range (64-bit ones beyond 2^53 as decimal strings).
 */
export function witSchema(type: WitType): JsonSchema {
  switch (type.kind) {
    case 'bool':
      return { type: 'boolean' };
    case 'f32':
    case 'f64':
      return { type: 'number' };
    case 'char':
      return { type: 'string', minLength: 1, maxLength: 1 };
    case 'string':
      return { type: 'string' };
    case 's64':
    case 'u64': {
      const [minimum, maximum] = integerRanges[type.kind] as [bigint, bigint];
      return {
        anyOf: [
          { type: 'integer', minimum: Number(minimum), maximum: Number(maximum) },
          { type: 'string', pattern: type.kind === 's64' ? '^-?[0-9]+$' : '^[0-9]+$' },
        ],
      };
    }
    case 's8':
    case 's16':
    case 's32':
    case 'u8':
    case 'u16':
    case 'u32': {
      const [minimum, maximum] = integerRanges[type.kind] as [number, number];
      return { type: 'integer', minimum, maximum };
    }
    case 'list':
      return { type: 'array', items: witSchema(type.of) };
    case 'option':
      return { anyOf: [witSchema(type.of), { type: 'null' }] };
    case 'tuple':
      return {
        type: 'array',
        prefixItems: type.of.map(witSchema),
        items: false,
        minItems: type.of.length,
      };
    case 'result':
      return {
        oneOf: [caseSchema('ok', type.ok), caseSchema('err', type.err)],
      };
    case 'record':
      return objectSchema(type.fields);
    case 'variant':
      return {
        oneOf: type.cases.map((entry) => ({
          type: 'object',
          properties: {
            tag: { const: entry.name },
            ...(entry.type ? { val: witSchema(entry.type) } : {}),
          },
          required: entry.type ? ['tag', 'val'] : ['tag'],
          additionalProperties: false,
        })),
      };
    case 'enum':
      return { type: 'string', enum: [...type.names] };
    case 'flags':
      return {
        type: 'object',
        properties: Object.fromEntries(
          type.names.map((name) => [camelCase(name), { type: 'boolean' }]),
        ),
        additionalProperties: false,
      };
  }
}

/** The input schema of a function: one property per parameter, all required. */
export function paramsSchema(params: readonly WitField[]): JsonSchema {
  return objectSchema(params);
}

/** The schema of a function's value: a top-level result's ok (its err becomes the tool error). */
export function resultSchema(result: WitType): JsonSchema {
  if (result.kind !== 'result') return witSchema(result);
  return result.ok ? witSchema(result.ok) : { type: 'null' };
}

function objectSchema(fields: readonly WitField[]): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(
      fields.map((field) => [camelCase(field.name), witSchema(field.type)]),
    ),
    required: fields.map((field) => camelCase(field.name)),
    additionalProperties: false,
  };
}

function caseSchema(key: 'ok' | 'err', type: WitType | undefined): JsonSchema {
  return {
    type: 'object',
    properties: { [key]: type ? witSchema(type) : { type: 'null' } },
    required: [key],
    additionalProperties: false,
  };
}

/** A JSON value (already validated against witSchema) as the value jco lowers into the guest. */
export function toGuest(type: WitType, value: unknown): unknown {
  switch (type.kind) {
    case 's64':
    case 'u64':
      return BigInt(value as number | string);
    case 'list':
      return (value as unknown[]).map((item) => toGuest(type.of, item));
    case 'option':
      return value === null || value === undefined ? undefined : toGuest(type.of, value);
    case 'tuple':
      return type.of.map((item, index) => toGuest(item, (value as unknown[])[index]));
    case 'result': {
      const object = value as { ok?: unknown; err?: unknown };
      return 'ok' in object
        ? { tag: 'ok', val: type.ok ? toGuest(type.ok, object.ok) : undefined }
        : { tag: 'err', val: type.err ? toGuest(type.err, object.err) : undefined };
    }
    case 'record':
      return Object.fromEntries(
        type.fields.map((field) => {
          const key = camelCase(field.name);
          return [key, toGuest(field.type, (value as Record<string, unknown>)[key])];
        }),
      );
    case 'variant': {
      const { tag, val } = value as { tag: string; val?: unknown };
      const entry = type.cases.find((candidate) => candidate.name === tag);
      return entry?.type ? { tag, val: toGuest(entry.type, val) } : { tag };
    }
    case 'flags':
      return Object.fromEntries(
        type.names.map((name) => [
          camelCase(name),
          (value as Record<string, boolean>)[camelCase(name)] === true,
        ]),
      );
    default:
      return value;
  }
}

/** A value jco lifted out of the guest as JSON (the inverse of toGuest). */
export function fromGuest(type: WitType, value: unknown): unknown {
  switch (type.kind) {
    case 's64':
    case 'u64': {
      const big = BigInt(value as bigint);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(big)
        : big.toString();
    }
    case 'list':
      return Array.from(value as ArrayLike<unknown>, (item) => fromGuest(type.of, item));
    case 'option':
      return value === undefined || value === null ? null : fromGuest(type.of, value);
    case 'tuple':
      return type.of.map((item, index) => fromGuest(item, (value as unknown[])[index]));
    case 'result': {
      const { tag, val } = value as { tag: 'ok' | 'err'; val?: unknown };
      const inner = tag === 'ok' ? type.ok : type.err;
      return { [tag]: inner ? fromGuest(inner, val) : null };
    }
    case 'record':
      return Object.fromEntries(
        type.fields.map((field) => {
          const key = camelCase(field.name);
          return [key, fromGuest(field.type, (value as Record<string, unknown>)[key])];
        }),
      );
    case 'variant': {
      const { tag, val } = value as { tag: string; val?: unknown };
      const entry = type.cases.find((candidate) => candidate.name === tag);
      return entry?.type ? { tag, val: fromGuest(entry.type, val) } : { tag };
    }
    case 'flags':
      return Object.fromEntries(
        type.names.map((name) => [
          camelCase(name),
          (value as Record<string, boolean>)[camelCase(name)] === true,
        ]),
      );
    default:
      return value;
  }
}
