import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError } from '../errors/configuration-error.js';
import { isStandardSchema, normalizeSchema } from './input-schema.js';

describe('isStandardSchema', () => {
  it('recognises zod schemas and rejects plain objects', () => {
    expect(isStandardSchema(z.object({}))).toBe(true);
    expect(isStandardSchema({ type: 'object' })).toBe(false);
    expect(isStandardSchema({ '~standard': {} })).toBe(false);
    expect(isStandardSchema(null)).toBe(false);
  });
});

describe('normalizeSchema', () => {
  it('converts zod to draft 2020-12 JSON Schema describing the input (defaults optional)', () => {
    const { jsonSchema, validator } = normalizeSchema(
      z.object({ q: z.string().describe('query'), n: z.number().default(3) }),
      'tool.inputSchema',
    );
    expect(validator).toBeDefined();
    expect(jsonSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { q: { type: 'string', description: 'query' }, n: { default: 3 } },
      required: ['q'],
    });
  });

  it('describes an output schema as what the tool returns (defaulted fields required)', () => {
    const schema = z.object({ n: z.number().default(1), note: z.string().optional() });
    expect(normalizeSchema(schema, 'tool.outputSchema').jsonSchema).toMatchObject({
      required: ['n'],
    });
    expect(normalizeSchema(schema, 'tool.inputSchema').jsonSchema).not.toHaveProperty('required');
  });

  it('represents what JSON Schema cannot express rather than failing', () => {
    const { jsonSchema } = normalizeSchema(
      z.object({ when: z.date(), big: z.bigint().optional() }),
      'tool.inputSchema',
    );
    expect(jsonSchema).toMatchObject({ type: 'object', required: ['when'] });
  });

  it('accepts any JSON Schema as an output schema, but only object schemas as input', () => {
    expect(normalizeSchema({ type: 'string' }, 'tool.outputSchema').jsonSchema).toEqual({
      type: 'string',
    });
    expect(normalizeSchema(z.array(z.string()), 'tool.outputSchema').jsonSchema).toMatchObject({
      type: 'array',
    });
    expect(() => normalizeSchema({ type: 'array' }, 'tool.inputSchema')).toThrow(
      ConfigurationError,
    );
    expect(() => normalizeSchema(z.number(), 'x.inputSchema')).toThrow(/"number"/);
  });

  it('converts any Standard Schema that implements Standard JSON Schema, without importing zod', () => {
    const requests: unknown[] = [];
    const convert = (io: string) => (options: unknown) => {
      requests.push([io, options]);
      return { type: 'object', properties: { q: { type: 'string' } } };
    };
    const arktypeLike = {
      '~standard': {
        version: 1,
        vendor: 'arktype',
        validate: (value: unknown) => ({ value }),
        jsonSchema: { input: convert('input'), output: convert('output') },
      },
    };
    const { jsonSchema, validator } = normalizeSchema(arktypeLike, 'tool.inputSchema');
    expect(jsonSchema).toEqual({ type: 'object', properties: { q: { type: 'string' } } });
    expect(Object.isFrozen(jsonSchema.properties)).toBe(true);
    expect(validator).toBe(arktypeLike);
    normalizeSchema(arktypeLike, 'tool.outputSchema');
    // zod's own option (unrepresentable types as any) is not sent to other vendors.
    expect(requests).toEqual([
      ['input', { target: 'draft-2020-12' }],
      ['output', { target: 'draft-2020-12' }],
    ]);
  });

  it('names the field and the vendor when a schema cannot be converted', () => {
    const throwing = {
      '~standard': {
        version: 1,
        vendor: 'valibot',
        validate: (value: unknown) => ({ value }),
        jsonSchema: {
          input: () => {
            throw new Error('unsupported action');
          },
          output: () => ({}),
        },
      },
    };
    expect(() => normalizeSchema(throwing, 'tool.inputSchema')).toThrow(
      /"valibot" schema cannot be converted to JSON Schema: Error: unsupported action/,
    );
    const { validate } = throwing['~standard'];
    const withoutConverter = { '~standard': { version: 1, vendor: 'valibot', validate } };
    expect(() => normalizeSchema(withoutConverter, 'tool.inputSchema')).toThrow(
      /does not implement Standard JSON Schema/,
    );
  });

  it('returns a deep-frozen copy of a JSON Schema', () => {
    const schema = { type: 'object', properties: { a: { enum: ['x', 'y'] } } };
    const { jsonSchema } = normalizeSchema(schema, 'tool.inputSchema');
    expect(jsonSchema).toEqual(schema);
    expect(jsonSchema).not.toBe(schema);
    expect(Object.isFrozen(schema)).toBe(false);
    const enumValues = (jsonSchema.properties as { a: { enum: string[] } }).a.enum;
    expect(Object.isFrozen(enumValues)).toBe(true);
  });
});
