import { toJSONSchema } from 'zod';
import type { JsonSchema } from '../contracts/json-schema.js';
import type { StandardSchemaV1 } from '../contracts/standard-schema.js';
import { ConfigurationError } from '../errors/configuration-error.js';

export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<StandardSchemaV1>)['~standard']?.validate === 'function'
  );
}

/**
 * Normalises a tool's schema option into a JSON Schema (for models, MCP and ajv) and, when the
 * schema is a zod schema, the zod schema itself (so arguments get its defaults and transforms).
 * The JSON Schema is a deep-frozen copy: the caller mutating its object later cannot change a
 * definition whose schemaHash and compiled validator were computed from it.
 */
export function normalizeSchema(
  schema: unknown,
  field: string,
): { jsonSchema: JsonSchema; validator?: StandardSchemaV1 } {
  const isInput = field.endsWith('inputSchema');
  if (isStandardSchema(schema)) {
    if (schema['~standard'].vendor !== 'zod') {
      throw new ConfigurationError(
        field,
        `only zod schemas can be converted to JSON Schema (got a "${schema['~standard'].vendor}" schema); pass a JSON Schema object instead`,
      );
    }
    let jsonSchema: JsonSchema;
    try {
      jsonSchema = toJSONSchema(schema as never, {
        target: 'draft-2020-12',
        // Arguments are what the model sends (defaults optional); results are what the tool returns.
        io: isInput ? 'input' : 'output',
        unrepresentable: 'any',
      }) as JsonSchema;
    } catch (error) {
      throw new ConfigurationError(
        field,
        `zod schema cannot be converted to JSON Schema: ${String(error)}`,
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
