import type { ValidateFunction } from 'ajv';
import { describe, expect, it, vi } from 'vitest';
import { compileSchema } from './compile-schema.js';

const tuple = {
  type: 'object',
  properties: {
    point: {
      type: 'array',
      items: [{ type: 'number' }, { type: 'number' }],
      additionalItems: false,
    },
  },
};

describe('compileSchema', () => {
  it('loads ajv on first use, synchronously on Node (where it can be required)', async () => {
    vi.resetModules();
    const fresh = await import('./compile-schema.js');
    const first = fresh.compileSchema({ type: 'object' }, false);
    expect(first).not.toBeInstanceOf(Promise);
    expect((first as ValidateFunction)({})).toBe(true);
    expect((first as ValidateFunction)('x')).toBe(false);
  });

  it('compiles 2020-12 schemas (prefixItems, $defs) and caches per schema object and mode', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: { n: { type: 'number' } },
      properties: {
        point: { type: 'array', prefixItems: [{ $ref: '#/$defs/n' }], items: false },
      },
    };
    const validate = compileSchema(schema, false) as ValidateFunction;
    expect(validate({ point: [1] })).toBe(true);
    expect(validate({ point: [1, 2] })).toBe(false);
    expect(compileSchema(schema, false)).toBe(validate);
    expect(compileSchema(schema, true)).not.toBe(validate);
  });

  it('compiles draft-07 schemas, declared or not (tuple items, definitions)', () => {
    for (const schema of [
      { $schema: 'http://json-schema.org/draft-07/schema#', ...tuple },
      { ...tuple },
      {
        type: 'object',
        definitions: { n: { type: 'number' } },
        properties: { point: { type: 'array', items: [{ $ref: '#/definitions/n' }] } },
      },
    ]) {
      const validate = compileSchema(schema, false) as ValidateFunction;
      expect(validate({ point: [1, 2] }), JSON.stringify(schema)).toBe(true);
      expect(validate({ point: ['x', 2] }), JSON.stringify(schema)).toBe(false);
    }
  });

  it("throws the 2020-12 reader's error for a schema no dialect can compile", () => {
    expect(() =>
      compileSchema({ type: 'object', properties: { a: { type: 'strnig' } } }, false),
    ).toThrow(/type must be JSONType/);
    expect(() =>
      compileSchema(
        { $schema: 'http://json-schema.org/draft-07/schema#', $ref: '#/nowhere' },
        false,
      ),
    ).toThrow(/can't resolve reference/);
  });

  it('compiles schemas sharing an $id independently', () => {
    const first = compileSchema(
      { $id: 'https://example.com/s', type: 'object' },
      false,
    ) as ValidateFunction;
    const second = compileSchema(
      { $id: 'https://example.com/s', type: 'object', required: ['a'] },
      false,
    ) as ValidateFunction;
    expect(first({})).toBe(true);
    expect(second({})).toBe(false);
  });
});
