import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('structured dialect', () => {
  it('passes ToolCalls through with their scheduling fields and ids', () => {
    const call = {
      id: 'mine-1',
      tool: 'db.query',
      namespace: 'db',
      version: '1.x',
      arguments: { sql: 'select 1' },
      dependsOn: ['mine-0'],
      priority: 2,
      pool: 'io',
      estimatedMs: 40,
      cost: 1,
    };
    expect(parseToolCalls(call).calls).toEqual([{ ...call, dialect: 'structured' }]);
  });

  it('reads an array of ToolCalls, generating ids that avoid the given ones', () => {
    const { calls } = parseToolCalls([
      { tool: 'a', arguments: {} },
      { id: 'call_1', tool: 'b', arguments: {} },
      { tool: 'c', arguments: '{"x": 1}' },
    ]);
    expect(calls.map((call) => [call.id, call.tool])).toEqual([
      ['call_2', 'a'],
      ['call_1', 'b'],
      ['call_3', 'c'],
    ]);
    expect(calls[2]?.arguments).toEqual({ x: 1 });
  });

  it('reports a ToolCall whose arguments are not an object', () => {
    const { issues } = parseToolCalls([
      { tool: 'a', arguments: 'not json' },
      { tool: 'b', arguments: 3 },
    ]);
    expect(issues).toMatchObject([
      {
        dialect: 'structured',
        tool: 'a',
        path: '$[0]',
        message: expect.stringContaining('not valid JSON'),
      },
      {
        dialect: 'structured',
        tool: 'b',
        path: '$[1]',
        message: 'arguments must be an object, got number 3',
      },
    ]);
  });

  it('reads a handed-in { tool } without arguments as a call without arguments', () => {
    expect(parseToolCalls({ id: 'x', tool: 'now' }).calls).toEqual([
      { id: 'x', tool: 'now', arguments: {}, dialect: 'structured' },
    ]);
    expect(parseToolCalls({ tool: 'sum', args: { a: 1 } }).calls).toEqual([
      { id: 'call_1', tool: 'sum', arguments: { a: 1 }, dialect: 'json' },
    ]);
  });
});
