import type { JsonSchema } from '../contracts/json-schema.js';
import type { StandardSchemaV1 } from '../contracts/standard-schema.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Standard JSON Schema (https://standardschema.dev, zod ≥ 4.2 and other vendors): a Standard
 * Schema that converts itself, so core never imports a schema library to read one.
 */
interface StandardJsonSchemaConverter {
  readonly input: (options: JsonSchemaOptions) => Record<string, unknown>;
  readonly output: (options: JsonSchemaOptions) => Record<string, unknown>;
}

interface JsonSchemaOptions {
  readonly target: 'draft-2020-12';
  readonly libraryOptions?: Record<string, unknown>;
}

export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<StandardSchemaV1>)['~standard']?.validate === 'function'
  );
}

function converterOf(schema: StandardSchemaV1): StandardJsonSchemaConverter | undefined {
  const converter = (schema['~standard'] as { jsonSchema?: Partial<StandardJsonSchemaConverter> })
    .jsonSchema;
  return typeof converter?.input === 'function' && typeof converter.output === 'function'
    ? (converter as StandardJsonSchemaConverter)
    : undefined;
}

/**
 * Normalises a tool's schema option into a JSON Schema (for models, MCP and ajv) and, when the
 * schema is a Standard Schema (zod), the schema itself (so arguments get its defaults and
 * transforms). The JSON Schema is a deep-frozen copy: the caller mutating its object later cannot
 * change a definition whose schemaHash and compiled validator were computed from it.
 */
export function normalizeSchema(
  schema: unknown,
  field: string,
): { jsonSchema: JsonSchema; validator?: StandardSchemaV1 } {
  const isInput = field.endsWith('inputSchema');
  if (isStandardSchema(schema)) {
    const { vendor } = schema['~standard'];
    const converter = converterOf(schema);
    if (!converter) {
      throw new ConfigurationError(
        field,
        `a "${vendor}" schema cannot be converted to JSON Schema: it does not implement Standard JSON Schema (~standard.jsonSchema, zod ≥ 4.2); pass a JSON Schema object instead`,
      );
    }
    let jsonSchema: JsonSchema;
    try {
      // Arguments are what the model sends (defaults optional); results are what the tool returns.
      jsonSchema = converter[isInput ? 'input' : 'output']({
        target: 'draft-2020-12',
        // zod's: describe what JSON Schema cannot express (a date, a bigint) as any value.
        ...(vendor === 'zod' && { libraryOptions: { unrepresentable: 'any' } }),
      }) as JsonSchema;
    } catch (error) {
      throw new ConfigurationError(
        field,
        `a "${vendor}" schema cannot be converted to JSON Schema: ${String(error)}`,
        error,
      );
    }
    if (isInput) checkObjectType(jsonSchema, field);
    return { jsonSchema: deepFreeze(jsonSchema), validator: schema };
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new ConfigurationError(field, 'must be a zod schema or a JSON Schema object');
  }
  if (isInput) checkObjectType(schema as JsonSchema, field);
  let copy: JsonSchema;
  try {
    copy = structuredClone(schema) as JsonSchema;
  } catch (error) {
    throw new ConfigurationError(field, 'must be plain JSON data', error);
  }
  return { jsonSchema: deepFreeze(copy) };
}

function checkObjectType(schema: JsonSchema, field: string): void {
  const { type } = schema;
  const allowsObject =
    type === undefined || type === 'object' || (Array.isArray(type) && type.includes('object'));
  if (!allowsObject) {
    throw new ConfigurationError(
      field,
      `tool arguments are an object; the schema's type is ${JSON.stringify(type)}`,
    );
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
