import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

// Shape of a real Messages API response (claude-sonnet-4, parallel tool use).
const response = {
  id: 'msg_01Aq9w938a90dw8q',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-20250514',
  content: [
    { type: 'thinking', thinking: 'The user wants weather and time.', signature: 'EqQBCgIYAhIM' },
    { type: 'text', text: "I'll check the weather {and} the time." },
    {
      type: 'tool_use',
      id: 'toolu_01A09q90qw90lq917835lq9',
      name: 'get_weather',
      input: { location: 'San Francisco, CA' },
    },
    {
      type: 'tool_use',
      id: 'toolu_01B19r01rx01mr028946mr0',
      name: 'clock.now',
      input: { timezone: 'America/Los_Angeles' },
    },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 472, output_tokens: 91 },
};

describe('anthropic dialect', () => {
  it('reads tool_use blocks of a whole response and ignores prose beside them', () => {
    const { calls, issues } = parseToolCalls(response);
    expect(issues).toEqual([]);
    expect(calls).toEqual([
      {
        id: 'toolu_01A09q90qw90lq917835lq9',
        tool: 'get_weather',
        arguments: { location: 'San Francisco, CA' },
        dialect: 'anthropic',
      },
      {
        id: 'toolu_01B19r01rx01mr028946mr0',
        tool: 'clock.now',
        arguments: { timezone: 'America/Los_Angeles' },
        dialect: 'anthropic',
      },
    ]);
  });

  it('reads a bare content array, skipping the thinking block without an issue', () => {
    const { calls, issues } = parseToolCalls(response.content);
    expect(issues).toEqual([]);
    expect(calls.map((call) => call.tool)).toEqual(['get_weather', 'clock.now']);
  });

  it('reports a tool_use block whose input is not an object, naming the block', () => {
    const { issues } = parseToolCalls({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: [1] }],
    });
    expect(issues).toMatchObject([
      {
        dialect: 'anthropic',
        tool: 'f',
        path: '$.content[0]',
        message: 'arguments must be an object, got an array',
      },
    ]);
  });

  it('reports a tool_use block without a name', () => {
    const { issues } = parseToolCalls([{ type: 'tool_use', id: 'toolu_1', input: {} }]);
    expect(issues).toMatchObject([
      {
        dialect: 'anthropic',
        path: '$[0]',
        message: 'tool name must be a non-empty string, got undefined',
      },
    ]);
  });

  it('parses text blocks when the message has no tool_use (legacy XML in text)', () => {
    const { calls } = parseToolCalls({
      type: 'message',
      role: 'assistant',
      content: [
        {
          type: 'text',
          text: '<function_calls><invoke name="search"><parameter name="q">x</parameter></invoke></function_calls>',
        },
      ],
    });
    expect(calls).toEqual([
      {
        id: 'call_1',
        tool: 'search',
        arguments: { q: 'x' },
        argumentText: { q: 'x' },
        dialect: 'anthropic-xml',
      },
    ]);
  });
});
