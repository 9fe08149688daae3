import { describe, expect, it } from 'vitest';
import type { ToolCallDialect } from '../contracts/dialect/v1/tool-call-dialect-v1.js';
import { defaultDialects } from './default-dialects.js';
import { parseToolCalls } from './parse-tool-calls.js';

describe('parseToolCalls', () => {
  it('returns nothing for plain text, empty text and prose with braces', () => {
    for (const text of [
      '',
      'Hello!',
      'The set {1, 2} has a name.',
      'if (x) { y(); }',
      '[1, 2] and {"a": 1}',
    ]) {
      expect(parseToolCalls(text)).toEqual({ calls: [], issues: [] });
    }
  });

  it('reports input that is neither text nor an object, never throwing', () => {
    for (const input of [null, undefined, 42, true, Symbol('s'), 10n, () => 1]) {
      const { calls, issues } = parseToolCalls(input);
      expect(calls).toEqual([]);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ code: 'PARSER_ERROR', dialect: 'input', path: '$' });
      expect(issues[0]?.message).toMatch(/^expected text, a provider response or tool calls, got /);
    }
  });

  it('reports an object of unknown shape with its keys', () => {
    expect(parseToolCalls({ foo: 1, bar: 2 }).issues).toMatchObject([
      {
        dialect: 'input',
        path: '$',
        message: 'object is not a tool call or a known provider response (keys: foo, bar)',
      },
    ]);
  });

  it('gives an earlier dialect the region it claims: JSON inside <tool_call> is read once, as hermes', () => {
    const text =
      '<tool_call>{"name": "a", "arguments": {}}</tool_call> and {"name": "b", "arguments": {}}';
    expect(parseToolCalls(text).calls.map((call) => [call.tool, call.dialect])).toEqual([
      ['a', 'hermes'],
      ['b', 'json'],
    ]);
  });

  it('orders calls of different dialects by their position in the text', () => {
    const text =
      '{"name": "first", "arguments": {}} <tool name="second"/> <tool_call>{"name": "third", "arguments": {}}</tool_call>';
    expect(parseToolCalls(text).calls.map((call) => `${call.id}:${call.tool}`)).toEqual([
      'call_1:first',
      'call_2:second',
      'call_3:third',
    ]);
  });

  it('keeps every identical call in text: two identical <tool_call> blocks are two calls', () => {
    const text =
      '<tool_call>{"name": "f", "arguments": {"a": 1, "b": [1, {"c": 2, "d": 3}]}}</tool_call>' +
      '<tool_call>{"name": "f", "arguments": {"b": [1, {"d": 3, "c": 2}], "a": 1}}</tool_call>' +
      '<tool_call>{"name": "f", "arguments": {"a": 1, "b": [1, {"c": 2, "d": 3}]}}</tool_call>';
    expect(parseToolCalls(text).calls.map((call) => [call.id, call.arguments])).toEqual([
      ['call_1', { a: 1, b: [1, { c: 2, d: 3 }] }],
      ['call_2', { b: [1, { d: 3, c: 2 }], a: 1 }],
      ['call_3', { a: 1, b: [1, { c: 2, d: 3 }] }],
    ]);
  });

  it('keeps every identical structured call, with or without provider ids', () => {
    const roll = { tool: 'roll', arguments: { sides: 6 } };
    expect(parseToolCalls([roll, roll, { ...roll }]).calls.map((call) => call.id)).toEqual([
      'call_1',
      'call_2',
      'call_3',
    ]);
    const { calls } = parseToolCalls({
      role: 'assistant',
      tool_calls: [
        { id: 'call_A', type: 'function', function: { name: 'f', arguments: '{}' } },
        { id: 'call_B', type: 'function', function: { name: 'f', arguments: '{}' } },
        { id: 'call_A', type: 'function', function: { name: 'f', arguments: '{}' } },
      ],
    });
    expect(calls.map((call) => call.id)).toEqual(['call_A', 'call_B', 'call_A_2']);
    const mixed = parseToolCalls([
      { tool: 'f', arguments: {} },
      { id: 'given', tool: 'f', arguments: {} },
    ]);
    expect(mixed.calls.map((call) => call.id)).toEqual(['call_1', 'given']);
  });

  it('merges only the same span of text read by two dialects', () => {
    // The JSON inside <tool_call> is also bare JSON; it is one call, read by hermes.
    const text = '<tool_call>{"name": "f", "arguments": {}}</tool_call>';
    expect(parseToolCalls(text).calls).toEqual([
      { id: 'call_1', tool: 'f', arguments: {}, dialect: 'hermes' },
    ]);
    expect(parseToolCalls(`${text} ${text}`).calls).toHaveLength(2);
  });

  it('never reuses a provider id: generated ids skip them, repeated ones get a suffix', () => {
    const { calls } = parseToolCalls([
      { tool: 'a', arguments: {} },
      { id: 'call_1', tool: 'b', arguments: {} },
      { id: 'call_1', tool: 'c', arguments: {} },
      { tool: 'd', arguments: {} },
      { id: 'call_3', tool: 'e', arguments: {} },
    ]);
    expect(calls.map((call) => `${call.id}:${call.tool}`)).toEqual([
      'call_2:a',
      'call_1:b',
      'call_1_2:c',
      'call_4:d',
      'call_3:e',
    ]);
    expect(new Set(calls.map((call) => call.id)).size).toBe(calls.length);
  });

  it('reports circular structures instead of looping', () => {
    const message: Record<string, unknown> = { role: 'assistant', content: [] };
    (message.content as unknown[]).push(message);
    expect(parseToolCalls(message).issues).toMatchObject([
      { message: 'circular reference', path: '$.content[0]' },
    ]);
    const list: unknown[] = [];
    list.push(list);
    expect(parseToolCalls(list).issues).toMatchObject([
      { message: 'circular reference', path: '$[0]' },
    ]);
  });

  it('reports arguments that cannot be serialised (cycles, BigInt) with the tool name', () => {
    const args: Record<string, unknown> = {};
    args.self = args;
    const { calls, issues } = parseToolCalls([
      { tool: 'a', arguments: args },
      { tool: 'b', arguments: { n: 1n } },
    ]);
    expect(calls).toEqual([]);
    expect(
      issues.map((issue) => [
        issue.tool,
        issue.message.startsWith('arguments cannot be serialised'),
      ]),
    ).toEqual([
      ['a', true],
      ['b', true],
    ]);
  });

  it('stops at absurd nesting depth', () => {
    let deep: unknown = { tool: 'x', arguments: {} };
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(parseToolCalls(deep).issues).toMatchObject([
      { message: 'nested deeper than 32 levels' },
    ]);
  });

  it('turns a throwing getter into an issue', () => {
    const hostile = {
      get choices(): unknown {
        throw new Error('boom');
      },
    };
    expect(parseToolCalls(hostile)).toEqual({
      calls: [],
      issues: [
        { code: 'PARSER_ERROR', dialect: 'parser', message: 'input could not be read: boom' },
      ],
    });
  });

  it('does not scan text over the length limit, and scans huge text within it in linear time', () => {
    expect(parseToolCalls('x'.repeat(11), { maxTextLength: 10 }).issues).toMatchObject([
      { dialect: 'input', message: 'text is 11 characters, over the 10 limit; not scanned' },
    ]);
    const call = '<tool_call>{"name": "f", "arguments": {"i": 0}}</tool_call>';
    const huge = `${'{"x": "{ [ \\" '.repeat(20_000)}${call}`;
    const { calls } = parseToolCalls(huge);
    expect(calls).toMatchObject([{ tool: 'f' }]);
  });

  it('scans many unclosed openings in one pass and caps the issues it reports', () => {
    const openings = [
      '<tool_call>',
      '<|python_tag|>{',
      '<tool name="t" args="{}">',
      '[TOOL_CALLS][',
    ];
    for (const opening of openings) {
      const { calls, issues } = parseToolCalls(opening.repeat(20_000));
      expect(calls).toEqual([]);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.length).toBeLessThanOrEqual(101);
    }
    const { issues } = parseToolCalls('<tool_call></tool_call>'.repeat(5), { maxIssues: 2 });
    expect(issues.map((issue) => issue.message)).toEqual([
      'empty <tool_call> tag',
      'empty <tool_call> tag',
      '3 more issues not reported (limit 2)',
    ]);
  });

  it('runs only the dialects it is given', () => {
    const onlyHermes = parseToolCalls('{"name": "a", "arguments": {}}', { dialects: [] });
    expect(onlyHermes).toEqual({ calls: [], issues: [] });
    const shout: ToolCallDialect = {
      specificationVersion: 'v1',
      name: 'shout',
      markers: ['!'],
      readText(text, reader) {
        const at = text.indexOf('!');
        if (reader.claim(at, at + 1)) reader.call({ name: text.slice(0, at), arguments: {} }, 0);
      },
    };
    expect(parseToolCalls('ping!', { dialects: [shout, ...defaultDialects] }).calls).toEqual([
      { id: 'call_1', tool: 'ping', arguments: {}, dialect: 'shout' },
    ]);
  });

  it('parses strings inside a bare array as text', () => {
    expect(parseToolCalls(['hi', '{"name": "f", "arguments": {}}']).calls).toMatchObject([
      { tool: 'f' },
    ]);
  });
});
