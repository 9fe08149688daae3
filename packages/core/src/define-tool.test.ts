import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ToolExecutionContext } from './contracts/runtime/v1/tool-runtime-v1.js';
import { qualifiedName } from './contracts/tool-definition.js';
import {
  createToolDefinition,
  DEFAULT_NAMESPACE,
  DEFAULT_VERSION,
  defineTool,
  IN_PROCESS_RUNTIME,
} from './define-tool.js';
import { ConfigurationError } from './errors/configuration-error.js';

const base = {
  name: 'add',
  description: 'adds two numbers',
  inputSchema: { type: 'object', properties: { a: { type: 'number' } } },
  execute: () => 0,
} as const;

function configurationField(define: () => unknown): string {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).field;
  }
  throw new Error('expected a ConfigurationError');
}

describe('defineTool', () => {
  it('accepts a zod schema, types execute from it and derives a JSON Schema', async () => {
    const tool = defineTool({
      name: 'add',
      namespace: 'math',
      version: '2.1.0',
      description: 'adds',
      inputSchema: z.object({ a: z.number(), b: z.number().default(1) }),
      execute: (args, ctx) => {
        expectTypeOf(args).toEqualTypeOf<{ a: number; b: number }>();
        expectTypeOf(ctx).toEqualTypeOf<ToolExecutionContext>();
        return args.a + args.b;
      },
    });
    expect(tool).toMatchObject({
      name: 'add',
      namespace: 'math',
      version: '2.1.0',
      runtime: IN_PROCESS_RUNTIME,
      tags: [],
    });
    expect(tool.inputSchema).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number', default: 1 } },
      required: ['a'],
    });
    expect(tool.argumentsValidator).toBeDefined();
    expect(await tool.source({ a: 2, b: 3 }, {} as ToolExecutionContext)).toBe(5);
  });

  it('accepts a JSON Schema object and applies defaults', () => {
    const tool = defineTool({ ...base });
    expect(tool.namespace).toBe(DEFAULT_NAMESPACE);
    expect(tool.version).toBe(DEFAULT_VERSION);
    expect(tool.inputSchema).toEqual(base.inputSchema);
    expect(tool.argumentsValidator).toBeUndefined();
    expect(tool).not.toHaveProperty('sideEffect');
    expect(tool).not.toHaveProperty('coerceArguments');
  });

  it('keeps every metadata option', () => {
    const tool = defineTool({
      ...base,
      outputSchema: z.object({ sum: z.number() }),
      sideEffect: 'read_only',
      idempotent: true,
      timeoutMs: 500,
      tags: ['math'],
      cost: 0.5,
      deprecated: 'use sum',
      coerceArguments: true,
      metadata: { owner: 'team' },
    });
    expect(tool).toMatchObject({
      outputSchema: { type: 'object', properties: { sum: { type: 'number' } } },
      sideEffect: 'read_only',
      idempotent: true,
      timeoutMs: 500,
      tags: ['math'],
      cost: 0.5,
      deprecated: 'use sum',
      coerceArguments: true,
      metadata: { owner: 'team' },
    });
  });

  it('fails fast on every invalid option, naming the field', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '' }, 'tool.name'],
      [{ name: '-dash' }, 'tool.name'],
      [{ name: 'has space' }, 'tool.name'],
      [{ name: 'a.b' }, 'tool.name'],
      [{ name: 'x'.repeat(129) }, 'tool.name'],
      [{ name: 42 }, 'tool.name'],
      [{ namespace: 'bad ns' }, 'tool "add".namespace'],
      [{ namespace: 7 }, 'tool "add".namespace'],
      [{ version: '1.0' }, 'tool "add".version'],
      [{ version: 'latest' }, 'tool "add".version'],
      [{ description: undefined }, 'tool "add".description'],
      [{ execute: 'not a function' }, 'tool "add".execute'],
      [{ inputSchema: undefined }, 'tool "add".inputSchema'],
      [{ inputSchema: 'string' }, 'tool "add".inputSchema'],
      [{ inputSchema: [] }, 'tool "add".inputSchema'],
      [{ inputSchema: { type: 'string' } }, 'tool "add".inputSchema'],
      [{ inputSchema: z.string() }, 'tool "add".inputSchema'],
      [
        { inputSchema: { type: 'object', properties: { a: { type: 'strnig' } } } },
        'tool "add".inputSchema',
      ],
      [{ inputSchema: { $ref: '#/$defs/missing' } }, 'tool "add".inputSchema'],
      [{ inputSchema: { type: 'object', default: () => 1 } }, 'tool "add".inputSchema'],
      [{ outputSchema: 5 }, 'tool "add".outputSchema'],
      [{ sideEffect: 'dangerous' }, 'tool "add".sideEffect'],
      [{ idempotent: 'yes' }, 'tool "add".idempotent'],
      [{ timeoutMs: 0 }, 'tool "add".timeoutMs'],
      [{ timeoutMs: -5 }, 'tool "add".timeoutMs'],
      [{ timeoutMs: Number.NaN }, 'tool "add".timeoutMs'],
      [{ timeoutMs: Number.POSITIVE_INFINITY }, 'tool "add".timeoutMs'],
      [{ timeoutMs: 2 ** 31 }, 'tool "add".timeoutMs'],
      [{ timeoutMs: '100' }, 'tool "add".timeoutMs'],
      [{ tags: 'math' }, 'tool "add".tags'],
      [{ tags: ['ok', 1] }, 'tool "add".tags'],
      [{ cost: -1 }, 'tool "add".cost'],
      [{ cost: Number.NaN }, 'tool "add".cost'],
      [{ deprecated: 1 }, 'tool "add".deprecated'],
      [{ coerceArguments: 'true' }, 'tool "add".coerceArguments'],
      [{ metadata: [] }, 'tool "add".metadata'],
      [{ metadata: null }, 'tool "add".metadata'],
    ];
    for (const [override, field] of cases) {
      expect(
        configurationField(() => defineTool({ ...base, ...override } as never)),
        JSON.stringify(override),
      ).toBe(field);
    }
    expect(configurationField(() => defineTool(undefined as never))).toBe('tool');
    expect(configurationField(() => defineTool(null as never))).toBe('tool');
  });

  it('rejects Standard Schemas it cannot convert, naming the vendor', () => {
    const valibotLike = {
      '~standard': { version: 1, vendor: 'valibot', validate: () => ({ value: {} }) },
    };
    expect(() => defineTool({ ...base, inputSchema: valibotLike as never })).toThrow(/valibot/);
  });

  it('accepts a schema whose type list includes object, and one without a type', () => {
    expect(() => defineTool({ ...base, inputSchema: { type: ['object', 'null'] } })).not.toThrow();
    expect(() => defineTool({ ...base, inputSchema: {} })).not.toThrow();
  });

  it('returns a frozen definition whose schema the caller can no longer change', () => {
    const inputSchema = {
      type: 'object',
      properties: { a: { type: 'number' } },
      required: ['a'],
    };
    const tool = defineTool({ ...base, inputSchema, tags: ['x'], metadata: { k: 1 } });
    expect(Object.isFrozen(tool)).toBe(true);
    expect(Object.isFrozen(tool.tags)).toBe(true);
    expect(Object.isFrozen(tool.metadata)).toBe(true);
    expect(Object.isFrozen(tool.inputSchema)).toBe(true);
    expect(Object.isFrozen((tool.inputSchema.properties as Record<string, object>).a)).toBe(true);
    expect(() => {
      (tool as { name: string }).name = 'other';
    }).toThrow(TypeError);
    inputSchema.properties.a.type = 'string';
    inputSchema.required.push('b');
    expect(tool.inputSchema).toEqual({
      type: 'object',
      properties: { a: { type: 'number' } },
      required: ['a'],
    });
    const zodTool = defineTool({ ...base, inputSchema: z.object({ q: z.string() }) });
    expect(Object.isFrozen(zodTool.inputSchema)).toBe(true);
  });

  it('allows two tools whose schemas share an $id', () => {
    const schema = { $id: 'https://example.com/args', type: 'object' };
    defineTool({ ...base, version: '1.0.0', inputSchema: schema });
    expect(() =>
      defineTool({ ...base, version: '2.0.0', inputSchema: { ...schema, required: ['a'] } }),
    ).not.toThrow();
  });
});

describe('schemaHash', () => {
  const schema = (order: 'ab' | 'ba') =>
    order === 'ab'
      ? {
          type: 'object',
          properties: { a: { type: 'string', minLength: 1 }, b: { type: 'number' } },
        }
      : {
          properties: { b: { type: 'number' }, a: { minLength: 1, type: 'string' } },
          type: 'object',
        };

  it('is a hex SHA-256 and the same for the same schema written in another key order', () => {
    const first = defineTool({ ...base, inputSchema: schema('ab') });
    const second = defineTool({ ...base, inputSchema: schema('ba') });
    expect(first.schemaHash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.schemaHash).toBe(first.schemaHash);
  });

  it('does not depend on description, execute or metadata', () => {
    const first = defineTool({ ...base });
    const second = defineTool({
      ...base,
      description: 'other words',
      execute: () => 1,
      tags: ['t'],
      metadata: { a: 1 },
    });
    expect(second.schemaHash).toBe(first.schemaHash);
  });

  it('changes when the input schema, output schema, name or version changes', () => {
    const reference = defineTool({ ...base, inputSchema: schema('ab') }).schemaHash;
    const variants = [
      defineTool({
        ...base,
        inputSchema: { ...schema('ab'), required: ['a'] },
      }),
      defineTool({
        ...base,
        inputSchema: {
          type: 'object',
          properties: { a: { type: 'string', minLength: 2 }, b: { type: 'number' } },
        },
      }),
      defineTool({ ...base, inputSchema: schema('ab'), outputSchema: { type: 'string' } }),
      defineTool({ ...base, name: 'add2', inputSchema: schema('ab') }),
      defineTool({ ...base, version: '1.0.1', inputSchema: schema('ab') }),
    ].map((tool) => tool.schemaHash);
    expect(new Set([reference, ...variants]).size).toBe(variants.length + 1);
  });

  it('is stable for equal zod schemas and differs for different ones', () => {
    const make = (inputSchema: z.ZodType) => defineTool({ ...base, inputSchema }).schemaHash;
    expect(make(z.object({ q: z.string(), n: z.number() }))).toBe(
      make(z.object({ q: z.string(), n: z.number() })),
    );
    expect(make(z.object({ q: z.string() }))).not.toBe(make(z.object({ q: z.number() })));
  });
});

describe('createToolDefinition', () => {
  it('needs an options object', () => {
    expect(configurationField(() => createToolDefinition(null as never))).toBe('tool');
  });

  it('reports a zod-branded schema it cannot convert', () => {
    const fake = { '~standard': { version: 1, vendor: 'zod', validate: () => ({ value: {} }) } };
    expect(() => defineTool({ ...base, inputSchema: fake as never })).toThrow(
      /cannot be converted to JSON Schema/,
    );
  });

  it('qualifiedName joins namespace and name', () => {
    expect(qualifiedName(defineTool({ ...base, namespace: 'math' }))).toBe('math.add');
  });

  it('builds definitions for other runtimes and checks the runtime kind', () => {
    const tool = createToolDefinition({
      name: 'upper',
      description: 'uppercases',
      inputSchema: { type: 'object' },
      runtime: 'tcl',
      source: 'string toupper $text',
    });
    expect(tool).toMatchObject({ runtime: 'tcl', source: 'string toupper $text' });
    expect(
      configurationField(() => createToolDefinition({ ...tool, tags: [], runtime: '' } as never)),
    ).toBe('tool "upper".runtime');
  });
});
