import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { defineTool } from '../define-tool.js';
import {
  MAX_REPORTED_ISSUES,
  type ValidationOutcome,
  validateArguments,
} from './validate-arguments.js';

const noop = () => undefined;

function jsonTool(inputSchema: Record<string, unknown>, coerceArguments = false): ToolDefinition {
  return defineTool({ name: 't', description: '', inputSchema, execute: noop, coerceArguments });
}

async function issuesOf(outcome: ValidationOutcome | Promise<ValidationOutcome>) {
  const settled = await outcome;
  if (settled.ok) throw new Error('expected a validation failure');
  expect(settled.error.code).toBe('TOOL_VALIDATION_ERROR');
  expect(settled.error.category).toBe('validation');
  return (settled.error.details as { issues: Array<{ path: string; message: string }> }).issues;
}

const order = jsonTool({
  type: 'object',
  properties: {
    customer: {
      type: 'object',
      properties: { email: { type: 'string', format: 'email' } },
      required: ['email'],
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
        required: ['sku', 'qty'],
        additionalProperties: false,
      },
    },
  },
  required: ['customer', 'items'],
});

describe('validateArguments with a JSON Schema', () => {
  it('passes valid arguments through unchanged and synchronously', () => {
    const args = { customer: { email: 'a@example.com' }, items: [{ sku: 'x', qty: 2 }] };
    const outcome = validateArguments(order, args);
    expect(outcome).toEqual({ ok: true, value: args });
  });

  it('reports the JSON path and reason of nested errors, all of them', async () => {
    const issues = await issuesOf(
      validateArguments(order, {
        customer: {},
        items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 0, colour: 'red' }, { qty: '3' }],
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '$.customer.email', message: 'is required' },
        { path: '$.items[1].qty', message: 'must be >= 1' },
        { path: '$.items[1].colour', message: 'is not an allowed property' },
        { path: '$.items[2].sku', message: 'is required' },
        { path: '$.items[2].qty', message: 'must be integer' },
      ]),
    );
  });

  it('keeps at most MAX_REPORTED_ISSUES issues and says how many there were', async () => {
    const tool = jsonTool({
      type: 'object',
      properties: { ids: { type: 'array', items: { type: 'integer' } } },
    });
    const outcome = await validateArguments(tool, { ids: Array.from({ length: 500 }, () => 'x') });
    if (outcome.ok) throw new Error('expected a failure');
    expect(outcome.error.details).toMatchObject({ issueCount: 500 });
    expect((outcome.error.details!.issues as unknown[]).length).toBe(MAX_REPORTED_ISSUES);
    expect(outcome.error.message).toMatch(/\(and 495 more\)$/);
  });

  it('names the tool and the first issues in its message', async () => {
    const outcome = await validateArguments(order, { items: [] });
    expect(!outcome.ok && outcome.error.message).toBe(
      'invalid arguments for default.t: $.customer is required',
    );
  });

  it('quotes property names that are not identifiers', async () => {
    const tool = jsonTool({
      type: 'object',
      properties: { 'odd key': { type: 'object', properties: { 'a/b': { type: 'number' } } } },
    });
    const issues = await issuesOf(validateArguments(tool, { 'odd key': { 'a/b': 'x' } }));
    expect(issues).toEqual([{ path: '$["odd key"]["a/b"]', message: 'must be number' }]);
  });

  it('checks formats (email, date-time, uri, uuid, ipv4)', async () => {
    const tool = jsonTool({
      type: 'object',
      properties: Object.fromEntries(
        ['email', 'date-time', 'uri', 'uuid', 'ipv4'].map((format) => [
          format,
          { type: 'string', format },
        ]),
      ),
    });
    const good = {
      email: 'ada@example.com',
      'date-time': '2026-11-21T10:00:00Z',
      uri: 'https://example.com/x',
      uuid: '123e4567-e89b-42d3-a456-426614174000',
      ipv4: '127.0.0.1',
    };
    expect(validateArguments(tool, good)).toMatchObject({ ok: true });
    const issues = await issuesOf(
      validateArguments(tool, {
        email: 'nope',
        'date-time': 'yesterday',
        uri: 'not a uri',
        uuid: '123',
        ipv4: '999.1.1.1',
      }),
    );
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      ['$.email', '$["date-time"]', '$.uri', '$.uuid', '$.ipv4'].sort(),
    );
    for (const issue of issues) expect(issue.message).toMatch(/must match format/);
  });

  it('does not coerce unless the tool opts in', async () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'number' }, flag: { type: 'boolean' } },
    };
    const issues = await issuesOf(validateArguments(jsonTool(schema), { n: '42', flag: 'true' }));
    expect(issues).toEqual([
      { path: '$.n', message: 'must be number' },
      { path: '$.flag', message: 'must be boolean' },
    ]);
  });

  it('coerces safe scalars when opted in, on a copy of the caller’s object', () => {
    const tool = jsonTool(
      {
        type: 'object',
        properties: {
          n: { type: 'number' },
          flag: { type: 'boolean' },
          nested: { type: 'object', properties: { k: { type: 'integer' } } },
        },
      },
      true,
    );
    const args = Object.freeze({ n: '42', flag: 'true', nested: Object.freeze({ k: '7' }) });
    const outcome = validateArguments(tool, args);
    expect(outcome).toEqual({ ok: true, value: { n: 42, flag: true, nested: { k: 7 } } });
    expect(args).toEqual({ n: '42', flag: 'true', nested: { k: '7' } });
  });

  it('still rejects what cannot be coerced, and arguments that are not plain data', async () => {
    const tool = jsonTool({ type: 'object', properties: { n: { type: 'number' } } }, true);
    expect(await issuesOf(validateArguments(tool, { n: 'forty-two' }))).toEqual([
      { path: '$.n', message: 'must be number' },
    ]);
    const issues = await issuesOf(validateArguments(tool, { n: 1, callback: () => 1 }));
    expect(issues[0]!.path).toBe('$');
    expect(issues[0]!.message).toMatch(/not plain data/);
  });

  it('never mutates the caller’s object without coercion either', () => {
    const tool = jsonTool({
      type: 'object',
      properties: { a: { type: 'string', default: 'x' } },
      additionalProperties: false,
    });
    const args = Object.freeze({});
    expect(validateArguments(tool, args)).toEqual({ ok: true, value: {} });
  });

  it('turns a schema that cannot be compiled into a CONFIGURATION_ERROR, not a throw', () => {
    // A definition not made by defineTool (e.g. deserialized from a store) is not checked upfront.
    const broken = {
      ...order,
      inputSchema: { type: 'object', properties: { a: { $ref: '#/$defs/gone' } } },
    } as ToolDefinition;
    const outcome = validateArguments(broken, { a: 1 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CONFIGURATION_ERROR' } });
  });
});

describe('validateArguments with a zod schema', () => {
  it('returns zod’s output: defaults and transforms applied, unknown keys stripped', () => {
    const tool = defineTool({
      name: 'search',
      description: '',
      inputSchema: z.object({
        query: z.string().transform((q) => q.trim()),
        limit: z.number().int().default(10),
      }),
      execute: noop,
    });
    const args = { query: '  tp  ', extra: true };
    expect(validateArguments(tool, args)).toEqual({
      ok: true,
      value: { query: 'tp', limit: 10 },
    });
    expect(args).toEqual({ query: '  tp  ', extra: true });
  });

  it('reports zod issues with JSON paths', async () => {
    const tool = defineTool({
      name: 'order',
      description: '',
      inputSchema: z.object({
        items: z.array(z.object({ qty: z.number().min(1) })),
        note: z.string().max(3).optional(),
      }),
      execute: noop,
    });
    const issues = await issuesOf(
      validateArguments(tool, { items: [{ qty: 1 }, { qty: 0 }], note: 'long' }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['$.items[1].qty', '$.note']);
    for (const issue of issues) expect(issue.message).toMatch(/\S/);
  });

  it('supports async refinements (the outcome is then a promise)', async () => {
    const taken = new Set(['ada']);
    const tool = defineTool({
      name: 'signup',
      description: '',
      inputSchema: z.object({
        user: z.string().refine(async (user) => !taken.has(user), 'is already taken'),
      }),
      execute: noop,
    });
    const accepted = validateArguments(tool, { user: 'grace' });
    expect(accepted).toBeInstanceOf(Promise);
    expect(await accepted).toEqual({ ok: true, value: { user: 'grace' } });
    expect(await issuesOf(validateArguments(tool, { user: 'ada' }))).toEqual([
      { path: '$.user', message: 'is already taken' },
    ]);
  });

  it('turns a refinement that throws (sync or async) into a validation error', async () => {
    // An async refinement that rejects on a schema's very first validation leaves zod's abandoned
    // synchronous attempt with an unhandled rejection (docs/errors.md); once the schema has
    // validated asynchronously, every later validation goes straight to the async path.
    let failing = false;
    const sync = defineTool({
      name: 'sync',
      description: '',
      inputSchema: z.object({
        a: z.string().refine(() => {
          throw new Error('refinement exploded');
        }),
      }),
      execute: noop,
    });
    const syncIssues = await issuesOf(validateArguments(sync, { a: 'x' }));
    expect(syncIssues[0]!.message).toMatch(/refinement exploded/);
    const async = defineTool({
      name: 'async',
      description: '',
      inputSchema: z.object({
        a: z.string().refine(async () => {
          if (failing) throw new Error('async refinement exploded');
          return true;
        }),
      }),
      execute: noop,
    });
    expect(await validateArguments(async, { a: 'x' })).toEqual({ ok: true, value: { a: 'x' } });
    failing = true;
    const asyncIssues = await issuesOf(validateArguments(async, { a: 'x' }));
    expect(asyncIssues[0]!.message).toMatch(/async refinement exploded/);
  });

  it('with coercion opted in, coerces first and then applies zod', () => {
    const tool = defineTool({
      name: 'page',
      description: '',
      inputSchema: z.object({ page: z.number().int(), size: z.number().default(20) }),
      execute: noop,
      coerceArguments: true,
    });
    const args = { page: '3' };
    expect(validateArguments(tool, args)).toEqual({ ok: true, value: { page: 3, size: 20 } });
    expect(args).toEqual({ page: '3' });
  });
});
