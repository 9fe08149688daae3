import type { GuardV1, JsonSchema } from '@tp/core';
import { ALLOW, type GuardBaseOptions, guardIdentity, oneOf } from './shared/guard-options.js';

export interface SchemaStrictnessGuardOptions extends GuardBaseOptions {
  /**
   * Properties the schema does not declare (a schema without `additionalProperties` counts as
   * closed): 'block' (default), 'strip' them (a repair), or 'allow'.
   */
  readonly extraProperties?: 'block' | 'strip' | 'allow';
  /** Required string properties must not be empty or blank (default true). */
  readonly nonEmptyStrings?: boolean;
  /** Safe coercions, reported as a repair: numeric strings to numbers, "true"/"false" to booleans (default false). */
  readonly coerce?: boolean;
}

interface Review {
  readonly problems: string[];
  readonly notes: string[];
}

type Schema = JsonSchema & {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: unknown;
  readonly patternProperties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: unknown;
};

/** Holds arguments to the letter of the tool's JSON Schema, beyond what plain validation checks. */
export function schemaStrictnessGuard(options: SchemaStrictnessGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('schema-strictness', options);
  const extra = oneOf(
    'schema-strictness.extraProperties',
    options.extraProperties,
    ['block', 'strip', 'allow'],
    'block',
  );
  const nonEmpty = options.nonEmptyStrings ?? true;
  const coerce = options.coerce ?? false;

  const reviewValue = (schema: Schema, value: unknown, path: string, review: Review): unknown => {
    if (coerce) {
      const coerced = coerceScalar(schema.type, value);
      if (coerced !== value) {
        review.notes.push(`${path}: coerced ${JSON.stringify(value)} to ${typeof coerced}`);
        return coerced;
      }
    }
    if (Array.isArray(value) && isSchema(schema.items)) {
      let copy: unknown[] | undefined;
      value.forEach((item, index) => {
        const reviewed = reviewValue(schema.items as Schema, item, `${path}[${index}]`, review);
        if (reviewed !== item) (copy ??= value.slice())[index] = reviewed;
      });
      return copy ?? value;
    }
    if (isPlainObject(value) && isSchema(schema.properties))
      return reviewObject(schema, value, path, review);
    return value;
  };

  const reviewObject = (
    schema: Schema,
    value: Record<string, unknown>,
    path: string,
    review: Review,
  ) => {
    const properties = schema.properties ?? {};
    let copy: Record<string, unknown> | undefined;
    // for-in with hasOwn visits what Object.entries would, without an array per property.
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const child = value[key];
      const childSchema = properties[key];
      if (childSchema === undefined) {
        if (extra === 'allow' || declaresExtra(schema, key)) continue;
        if (extra === 'block') review.problems.push(`${path}.${key} is not in the schema`);
        else {
          copy ??= { ...value };
          delete copy[key];
          review.notes.push(`${path}.${key}: removed (not in the schema)`);
        }
        continue;
      }
      const reviewed = reviewValue(childSchema as Schema, child, `${path}.${key}`, review);
      if (reviewed !== child) (copy ??= { ...value })[key] = reviewed;
    }
    if (nonEmpty) {
      for (const key of schema.required ?? []) {
        const text = (copy ?? value)[key];
        if (typeof text === 'string' && text.trim() === '')
          review.problems.push(`${path}.${key} is required but empty`);
      }
    }
    return copy ?? value;
  };

  return {
    ...identity,
    pre({ tool, args }) {
      const schema = tool.inputSchema as Schema;
      if (!isSchema(schema.properties)) return ALLOW;
      const review: Review = { problems: [], notes: [] };
      const value = reviewObject(schema, args as Record<string, unknown>, '$', review);
      if (review.problems.length > 0) {
        return {
          verdict: 'block',
          reason: review.problems.join('; '),
          details: { problems: review.problems },
        };
      }
      if (value === args) return ALLOW;
      return {
        verdict: 'repair',
        reason: review.notes.join('; '),
        details: { repairs: review.notes },
        value,
      };
    },
  };
}

function declaresExtra(schema: Schema, key: string): boolean {
  // An explicit `true` or a schema opens the object; absent or `false` keeps it closed.
  const additional = schema.additionalProperties;
  if (additional === true || isSchema(additional)) return true;
  return Object.keys(schema.patternProperties ?? {}).some((pattern) => safeTest(pattern, key));
}

function safeTest(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(key);
  } catch {
    return false;
  }
}

function coerceScalar(type: unknown, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('string')) return value;
  if (
    (types.includes('number') || types.includes('integer')) &&
    /^-?\d+(?:\.\d+)?$/.test(value.trim())
  ) {
    const number = Number(value);
    if (types.includes('number') || Number.isInteger(number)) return number;
  }
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
