import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('mistral dialect', () => {
  it('reads the v3 array form with Mistral 9-character ids', () => {
    const text =
      '[TOOL_CALLS] [{"name": "get_current_weather", "arguments": {"location": "Paris, France", "format": "celsius"}, "id": "a5Bc7dE9f"}, {"name": "get_time", "arguments": {}, "id": "Zx8yW7vU6"}]';
    expect(parseToolCalls(text)).toEqual({
      calls: [
        {
          id: 'a5Bc7dE9f',
          tool: 'get_current_weather',
          arguments: { location: 'Paris, France', format: 'celsius' },
          dialect: 'mistral',
        },
        { id: 'Zx8yW7vU6', tool: 'get_time', arguments: {}, dialect: 'mistral' },
      ],
      issues: [],
    });
  });

  it('reads a single object without the array', () => {
    const { calls } = parseToolCalls('[TOOL_CALLS]{"name": "f", "arguments": {"x": "ü"}}');
    expect(calls).toEqual([{ id: 'call_1', tool: 'f', arguments: { x: 'ü' }, dialect: 'mistral' }]);
  });

  it('reads the newer name[ARGS]{...} form, repeated, with an optional [CALL_ID]', () => {
    const text =
      '[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}[TOOL_CALLS]web.search[CALL_ID]k9Lm3Np2Q[ARGS]{"q": "a]b"}';
    expect(parseToolCalls(text).calls).toEqual([
      { id: 'call_1', tool: 'get_weather', arguments: { city: 'Paris' }, dialect: 'mistral' },
      { id: 'k9Lm3Np2Q', tool: 'web.search', arguments: { q: 'a]b' }, dialect: 'mistral' },
    ]);
  });

  it('reports what is wrong after the marker', () => {
    const messages = (text: string) => parseToolCalls(text).issues.map((issue) => issue.message);
    expect(messages('[TOOL_CALLS]')).toEqual([
      'expected a JSON array or name[ARGS]{...} after [TOOL_CALLS]',
    ]);
    expect(messages('[TOOL_CALLS][{"name": "f", "arguments": {')).toEqual([
      'truncated JSON: the value never closes',
    ]);
    expect(messages('[TOOL_CALLS]f{"a": 1}')).toEqual(["expected [ARGS] after the tool name 'f'"]);
    expect(messages('[TOOL_CALLS]f[ARGS]"x"')).toEqual(['expected a JSON object after [ARGS]']);
    expect(messages('[TOOL_CALLS]f[ARGS]{"a": ')).toEqual(['truncated JSON arguments']);
    expect(messages('[TOOL_CALLS]f[CALL_ID]abc')).toEqual(['[CALL_ID] without [ARGS]']);
    expect(messages('[TOOL_CALLS]f[ARGS]{"a": nope}')).toEqual([
      'invalid JSON arguments: unexpected "o" outside a string at offset 26',
    ]);
  });
});
