import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

// Shape of a real Chat Completions response with parallel tool calls (gpt-4o, 2024-08-06).
const response = {
  id: 'chatcmpl-AaBbCc',
  object: 'chat.completion',
  created: 1727000000,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_Xk2jUo9v3q',
            type: 'function',
            function: {
              name: 'get_weather',
              arguments: '{"location": "Paris, France", "unit": "celsius"}',
            },
          },
          {
            id: 'call_9PqLm2ZtYe',
            type: 'function',
            function: { name: 'weather.forecast', arguments: '{"location":"Zürich","days":3}' },
          },
        ],
        refusal: null,
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 82, completion_tokens: 51, total_tokens: 133 },
};

describe('openai-chat dialect', () => {
  it('reads every tool call of a whole response, keeping provider ids and qualified names', () => {
    const { calls, issues } = parseToolCalls(response);
    expect(issues).toEqual([]);
    expect(calls).toEqual([
      {
        id: 'call_Xk2jUo9v3q',
        tool: 'get_weather',
        arguments: { location: 'Paris, France', unit: 'celsius' },
        dialect: 'openai-chat',
      },
      {
        id: 'call_9PqLm2ZtYe',
        tool: 'weather.forecast',
        arguments: { location: 'Zürich', days: 3 },
        dialect: 'openai-chat',
      },
    ]);
  });

  it('reads a bare assistant message and a single tool_calls item', () => {
    const message = response.choices[0]?.message;
    expect(parseToolCalls(message).calls).toHaveLength(2);
    expect(parseToolCalls(message?.tool_calls[0]).calls[0]?.tool).toBe('get_weather');
  });

  it('reads the legacy function_call and gives it a generated id', () => {
    const { calls } = parseToolCalls({
      role: 'assistant',
      content: null,
      function_call: { name: 'get_current_time', arguments: '{"timezone":"Europe/Berlin"}' },
    });
    expect(calls).toEqual([
      {
        id: 'call_1',
        tool: 'get_current_time',
        arguments: { timezone: 'Europe/Berlin' },
        dialect: 'openai-chat',
      },
    ]);
  });

  it('treats empty argument strings as no arguments', () => {
    const { calls } = parseToolCalls({
      role: 'assistant',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'now', arguments: '' } }],
    });
    expect(calls[0]?.arguments).toEqual({});
  });

  it('reports bad arguments with the tool name and the JSON path', () => {
    const { calls, issues } = parseToolCalls({
      role: 'assistant',
      tool_calls: [
        {
          id: 'call_a',
          type: 'function',
          function: { name: 'search', arguments: '{"q": "unterminated' },
        },
        { id: 'call_b', type: 'function', function: { name: 'search', arguments: '[1,2]' } },
        { id: 'call_c', type: 'custom', custom: { name: 'sql', input: 'SELECT 1' } },
      ],
    });
    expect(calls).toEqual([]);
    expect(issues).toMatchObject([
      {
        dialect: 'openai-chat',
        tool: 'search',
        path: '$.tool_calls[0]',
        message: expect.stringContaining('not valid JSON'),
      },
      {
        dialect: 'openai-chat',
        tool: 'search',
        path: '$.tool_calls[1]',
        message: 'arguments must be a JSON object, got an array',
      },
      {
        dialect: 'openai-chat',
        path: '$.tool_calls[2]',
        message: expect.stringContaining("type 'custom'"),
      },
    ]);
  });

  it('searches the content of a message without tool_calls (OpenAI-compatible servers without a tool parser)', () => {
    const { calls } = parseToolCalls({
      choices: [
        {
          message: {
            role: 'assistant',
            content:
              '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call>',
          },
        },
      ],
    });
    expect(calls).toEqual([
      { id: 'call_1', tool: 'get_weather', arguments: { city: 'Oslo' }, dialect: 'hermes' },
    ]);
  });

  it('returns nothing for a plain answer', () => {
    expect(
      parseToolCalls({ role: 'assistant', content: 'The capital of France is Paris.' }),
    ).toEqual({
      calls: [],
      issues: [],
    });
  });
});
