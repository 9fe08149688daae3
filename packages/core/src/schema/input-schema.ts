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
 */
export function normalizeSchema(
  schema: unknown,
  field: string,
): { jsonSchema: JsonSchema; validator?: StandardSchemaV1 } {
  if (isStandardSchema(schema)) {
    if (schema['~standard'].vendor !== 'zod') {
      throw new ConfigurationError(
        field,
        `only zod schemas can be converted to JSON Schema (got a "${schema['~standard'].vendor}" schema); pass a JSON Schema object instead`,
      );
    }
    try {
      const jsonSchema = toJSONSchema(schema as never, {
        target: 'draft-2020-12',
        io: 'input',
        unrepresentable: 'any',
      }) as JsonSchema;
      return { jsonSchema, validator: schema };
    } catch (error) {
      throw new ConfigurationError(
        field,
        `zod schema cannot be converted to JSON Schema: ${String(error)}`,
        error,
      );
    }
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new ConfigurationError(field, 'must be a zod schema or a JSON Schema object');
  }
  const type = (schema as JsonSchema).type;
  if (field.endsWith('inputSchema') && type !== undefined && type !== 'object') {
    throw new ConfigurationError(
      field,
      `tool arguments are an object; the schema's type is "${String(type)}"`,
    );
  }
  return { jsonSchema: schema as JsonSchema };
}
