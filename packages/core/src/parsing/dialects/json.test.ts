import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('json dialect', () => {
  it('finds calls in prose in order, with every name and arguments key spelling', () => {
    const text = [
      'First {"name": "a", "arguments": {"s": "} \\" {"}} then',
      '{"tool": "ns.b", "args": "{\\"n\\": 1}"} and',
      '{"function": "c", "parameters": {}} and {"name": "d", "input": {"emoji": "🦀"}}',
      'and {"type": "function", "function": {"name": "e", "arguments": "{}"}}.',
    ].join(' ');
    expect(parseToolCalls(text).calls).toEqual([
      { id: 'call_1', tool: 'a', arguments: { s: '} " {' }, dialect: 'json' },
      { id: 'call_2', tool: 'ns.b', arguments: { n: 1 }, dialect: 'json' },
      { id: 'call_3', tool: 'c', arguments: {}, dialect: 'json' },
      { id: 'call_4', tool: 'd', arguments: { emoji: '🦀' }, dialect: 'json' },
      { id: 'call_5', tool: 'e', arguments: {}, dialect: 'json' },
    ]);
  });

  it('reads a bare array of calls and a bare object given as a value', () => {
    expect(
      parseToolCalls('[{"name": "a", "arguments": {}}, {"name": "b", "arguments": {}}]').calls,
    ).toHaveLength(2);
    expect(parseToolCalls({ name: 'a', arguments: { x: 1 } }).calls).toMatchObject([
      { tool: 'a', dialect: 'json' },
    ]);
    expect(
      parseToolCalls([
        { name: 'a', args: {} },
        { function: 'b', input: {} },
      ]).calls,
    ).toHaveLength(2);
  });

  it('does not mistake prose, code or data for calls', () => {
    for (const text of [
      'Use {braces} and a name like {"name": "Alice", "age": 3}.',
      'function f() { return { name: x, arguments }; }',
      'The JSON {"a": [1, {"b": "c"}]} is data; {"oops": } is not JSON at all.',
      'My name is Bob and I have no {tool} to call [1, 2, 3].',
    ]) {
      expect(parseToolCalls(text)).toEqual({ calls: [], issues: [] });
    }
  });

  it('finds a call after an unclosed brace in prose, without reporting the stray brace', () => {
    const text = 'Note {"x": 1, here is the call: {"name": "f", "arguments": {"a": "b"}}';
    expect(parseToolCalls(text)).toEqual({
      calls: [{ id: 'call_1', tool: 'f', arguments: { a: 'b' }, dialect: 'json' }],
      issues: [],
    });
  });

  it('reports truncated and invalid call-like JSON with offset, snippet and tool', () => {
    const truncated = 'Calling {"name": "search", "arguments": {"q": "x"}';
    expect(parseToolCalls(truncated).issues).toEqual([
      {
        code: 'PARSER_ERROR',
        dialect: 'json',
        message: 'truncated JSON: the value never closes',
        tool: 'search',
        offset: 8,
        snippet: '{"name": "search", "arguments": {"q": "x"}',
      },
    ]);
    const invalid = parseToolCalls('ok {"name": "f", "arguments": {a: 1}} done');
    expect(invalid.issues).toMatchObject([
      { dialect: 'json', tool: 'f', offset: 3, message: expect.stringMatching(/^invalid JSON/) },
    ]);
  });

  it('reports arguments that are not an object, and array elements that are not calls', () => {
    const { calls, issues } = parseToolCalls(
      '[{"name": "a", "arguments": 5}, {"name": "b", "arguments": {}}, 7]',
    );
    expect(calls.map((call) => call.tool)).toEqual(['b']);
    expect(issues.map((issue) => issue.message)).toEqual([
      'arguments must be an object, got number 5',
      'array element 2 is not a tool call (not an object)',
    ]);
  });
});
