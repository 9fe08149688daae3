import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('llama dialect', () => {
  it('reads <|python_tag|> JSON calls separated by semicolons up to <|eom_id|>', () => {
    const text =
      '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Lyon"}}; {"name": "get_time", "parameters": {"tz": "CET"}}<|eom_id|>';
    expect(parseToolCalls(text).calls).toEqual([
      { id: 'call_1', tool: 'get_weather', arguments: { city: 'Lyon' }, dialect: 'llama' },
      { id: 'call_2', tool: 'get_time', arguments: { tz: 'CET' }, dialect: 'llama' },
    ]);
  });

  it('reads built-in tool calls in Python syntax', () => {
    const { calls } = parseToolCalls(
      '<|python_tag|>brave_search.call(query="current weather in Menlo Park, \\"CA\\"", limit=3, safe=True)<|eom_id|>',
    );
    expect(calls).toEqual([
      {
        id: 'call_1',
        tool: 'brave_search',
        arguments: { query: 'current weather in Menlo Park, "CA"', limit: 3, safe: true },
        dialect: 'llama',
      },
    ]);
  });

  it('reads the untagged {"name", "parameters"} form of Llama 3.1/3.2 through the json dialect', () => {
    const { calls } = parseToolCalls(
      '{"name": "get_user_info", "parameters": {"user_id": 7890, "special": "black"}}',
    );
    expect(calls).toEqual([
      {
        id: 'call_1',
        tool: 'get_user_info',
        arguments: { user_id: 7890, special: 'black' },
        dialect: 'json',
      },
    ]);
  });

  it('reports python code that is not a call, and an empty tag', () => {
    expect(parseToolCalls('<|python_tag|>import math\nprint(math.pi)').issues).toMatchObject([
      { dialect: 'llama', message: expect.stringContaining('neither JSON nor a tool.call') },
    ]);
    expect(parseToolCalls('<|python_tag|><|eot_id|>').issues).toMatchObject([
      { dialect: 'llama', message: 'nothing after <|python_tag|>' },
    ]);
  });
});
