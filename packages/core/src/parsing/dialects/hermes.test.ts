import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

// Qwen2.5 / Hermes 3 raw completion text with two parallel calls.
const qwen = `I'll look both up.
<tool_call>
{"name": "get_current_temperature", "arguments": {"location": "San Francisco, CA, USA", "unit": "celsius"}}
</tool_call>
<tool_call>
{"name": "get_temperature_date", "arguments": {"location": "東京", "date": "2024-10-01", "note": "a \\"quoted\\" }{ brace"}}
</tool_call>`;

describe('hermes dialect', () => {
  it('reads every <tool_call> block in order, with unicode and braces inside strings', () => {
    const { calls, issues } = parseToolCalls(qwen);
    expect(issues).toEqual([]);
    expect(calls).toEqual([
      {
        id: 'call_1',
        tool: 'get_current_temperature',
        arguments: { location: 'San Francisco, CA, USA', unit: 'celsius' },
        dialect: 'hermes',
      },
      {
        id: 'call_2',
        tool: 'get_temperature_date',
        arguments: { location: '東京', date: '2024-10-01', note: 'a "quoted" }{ brace' },
        dialect: 'hermes',
      },
    ]);
  });

  it('accepts a complete call whose closing tag was eaten by a stop sequence', () => {
    const { calls, issues } = parseToolCalls('<tool_call>\n{"name": "f", "arguments": {"a": 1}}\n');
    expect(issues).toEqual([]);
    expect(calls).toMatchObject([{ tool: 'f', arguments: { a: 1 } }]);
  });

  it('accepts arguments given as a JSON string', () => {
    const { calls } = parseToolCalls(
      '<tool_call>{"name": "f", "arguments": "{\\"a\\": 2}"}</tool_call>',
    );
    expect(calls[0]?.arguments).toEqual({ a: 2 });
  });

  it('reports truncated JSON with the tool name and the offset of the body', () => {
    const text = 'Sure.\n<tool_call>\n{"name": "search", "arguments": {"query": "long';
    const { calls, issues } = parseToolCalls(text);
    expect(calls).toEqual([]);
    expect(issues).toEqual([
      {
        code: 'PARSER_ERROR',
        dialect: 'hermes',
        message: 'truncated JSON: the value never closes',
        tool: 'search',
        offset: text.indexOf('{'),
        snippet: '{"name": "search", "arguments": {"query": "long',
      },
    ]);
  });

  it('reports an empty tag, prose instead of JSON, and JSON that is not a call', () => {
    const { issues } = parseToolCalls(
      '<tool_call></tool_call> <tool_call>call search</tool_call> <tool_call>[1]</tool_call> <tool_call>{"city": "x"}</tool_call> <tool_call>{"name": "a", "arguments": {}</tool_call>',
    );
    expect(issues.map((issue) => issue.message)).toEqual([
      'empty <tool_call> tag',
      'expected a JSON tool call, found "call search"',
      'array element 0 is not a tool call (not an object)',
      'JSON value is not a tool call (an object without a tool name)',
      'truncated JSON: the value never closes',
    ]);
  });

  it('reports JSON that does not parse', () => {
    const { issues } = parseToolCalls("<tool_call>{'name': 'f', \"arguments\": {}}</tool_call>");
    expect(issues).toMatchObject([
      { dialect: 'hermes', message: expect.stringMatching(/^invalid JSON/) },
    ]);
  });

  it("reads Qwen3-Coder's XML body, typing JSON values", () => {
    const text = `<tool_call>
<function=get_weather>
<parameter=location>
San Francisco, "CA"
</parameter>
<parameter=days>
3
</parameter>
<parameter=options>
{"unit": "celsius"}
</parameter>
</function>
</tool_call>`;
    expect(parseToolCalls(text).calls).toEqual([
      {
        id: 'call_1',
        tool: 'get_weather',
        arguments: { location: 'San Francisco, "CA"', days: 3, options: { unit: 'celsius' } },
        argumentText: {
          location: 'San Francisco, "CA"',
          days: '3',
          options: '{"unit": "celsius"}',
        },
        dialect: 'hermes',
      },
    ]);
  });

  it('reports broken Qwen3-Coder bodies with the tool name', () => {
    const messages = (text: string) =>
      parseToolCalls(text).issues.map(({ message, tool }) => `${tool}: ${message}`);
    expect(messages('<tool_call><function=f><parameter=a>1</parameter>')).toEqual([
      'f: unclosed <function=...> (output cut off?)',
    ]);
    expect(messages('<tool_call><function=f><parameter=a>1</tool_call>')).toEqual([
      'f: unclosed <parameter=a>',
    ]);
    expect(messages('<tool_call><function=f>oops</function></tool_call>')).toEqual([
      'f: expected <parameter=...> or </function>',
    ]);
    expect(messages('<tool_call><function=f')).toEqual([
      'undefined: unterminated <function=...> tag',
    ]);
  });
});
