import { describe, expect, it } from 'vitest';
import { callInput, testTool } from './__fixtures__/guard-inputs.js';
import {
  type SchemaStrictnessGuardOptions,
  schemaStrictnessGuard,
} from './schema-strictness-guard.js';

const jsonTool = (inputSchema: Record<string, unknown>) => ({ ...testTool('t'), inputSchema });

const schema = {
  type: 'object',
  properties: {
    query: { type: 'string' },
    limit: { type: 'integer' },
    ratio: { type: 'number' },
    exact: { type: 'boolean' },
    filter: { type: 'object', properties: { tag: { type: 'string' } } },
    list: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } },
    open: { type: 'object', properties: {}, additionalProperties: true },
    labels: { type: 'object', properties: {}, patternProperties: { '^x-': { type: 'string' } } },
  },
  required: ['query'],
};
const tool = jsonTool(schema);

const judge = (args: Record<string, unknown>, options: SchemaStrictnessGuardOptions = {}) =>
  schemaStrictnessGuard(options).pre!(callInput(tool as never, args));

describe('schemaStrictnessGuard', () => {
  it.each([
    [{ query: 'cats' }],
    [{ query: 'cats', limit: 3, filter: { tag: 'a' } }],
    [{ query: 'x', open: { anything: 1 } }],
    [{ query: 'x', labels: { 'x-team': 'a' } }],
    [{ query: 'x', list: [{ id: 1 }] }],
  ])('allows %j', (args) => {
    expect(judge(args)).toEqual({ verdict: 'allow' });
  });

  it.each([
    [{ query: 'x', extra: 1 }, '$.extra is not in the schema'],
    [{ query: 'x', filter: { tag: 'a', sneaky: true } }, '$.filter.sneaky'],
    [{ query: 'x', list: [{ id: 1, admin: true }] }, '$.list[0].admin'],
    [{ query: 'x', labels: { team: 'a' } }, '$.labels.team'],
    [{ query: '' }, '$.query is required but empty'],
    [{ query: '   ' }, '$.query is required but empty'],
  ])('blocks %j', (args, reason) => {
    expect(judge(args)).toMatchObject({
      verdict: 'block',
      reason: expect.stringContaining(reason),
    });
  });

  it('strips extra properties as a repair', () => {
    expect(
      judge({ query: 'x', extra: 1, filter: { tag: 'a', more: 2 } }, { extraProperties: 'strip' }),
    ).toMatchObject({
      verdict: 'repair',
      value: { query: 'x', filter: { tag: 'a' } },
      details: {
        repairs: [
          '$.extra: removed (not in the schema)',
          '$.filter.more: removed (not in the schema)',
        ],
      },
    });
    expect(judge({ query: 'x', extra: 1 }, { extraProperties: 'allow' })).toEqual({
      verdict: 'allow',
    });
  });

  it('coerces safe scalars only when asked', () => {
    const args = { query: 'x', limit: '10', ratio: '0.5', exact: 'true', list: [{ id: '7' }] };
    expect(judge(args, { coerce: true })).toMatchObject({
      verdict: 'repair',
      value: { query: 'x', limit: 10, ratio: 0.5, exact: true, list: [{ id: 7 }] },
    });
    expect(judge({ query: 'x', limit: '1.5' }, { coerce: true })).toEqual({ verdict: 'allow' });
    expect(judge({ query: 'x', exact: 'yes' }, { coerce: true })).toEqual({ verdict: 'allow' });
    expect(judge(args)).toEqual({ verdict: 'allow' });
  });

  it('allows empty strings when told, skips schemas without properties, rejects bad options', () => {
    expect(judge({ query: '' }, { nonEmptyStrings: false })).toEqual({ verdict: 'allow' });
    const free = { ...testTool('free'), inputSchema: { type: 'object' } };
    expect(schemaStrictnessGuard().pre!(callInput(free as never, { any: 1 }))).toEqual({
      verdict: 'allow',
    });
    expect(() => schemaStrictnessGuard({ extraProperties: 'x' as 'block' })).toThrow(
      /schema-strictness\.extraProperties/,
    );
  });
});
