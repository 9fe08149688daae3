import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

// Shape of a real Responses API result (2025): reasoning item, then function calls.
const response = {
  id: 'resp_67ccd2bed1ec8190',
  object: 'response',
  created_at: 1741476542,
  status: 'completed',
  model: 'o4-mini-2025-04-16',
  output: [
    { id: 'rs_67ccd2bf', type: 'reasoning', summary: [] },
    {
      type: 'function_call',
      id: 'fc_12345xyz',
      call_id: 'call_12345xyz',
      name: 'get_weather',
      arguments: '{"location":"Bogotá, Colombia"}',
      status: 'completed',
    },
    {
      type: 'function_call',
      id: 'fc_67890abc',
      call_id: 'call_67890abc',
      name: 'send_email',
      arguments: '{"to":"bob@example.com","body":"Hi \\"Bob\\" {ok}"}',
      status: 'completed',
    },
  ],
  usage: { input_tokens: 291, output_tokens: 23 },
};

describe('openai-responses dialect', () => {
  it('reads function_call items of a whole response, using call_id as the id', () => {
    const { calls, issues } = parseToolCalls(response);
    expect(issues).toEqual([]);
    expect(calls).toEqual([
      {
        id: 'call_12345xyz',
        tool: 'get_weather',
        arguments: { location: 'Bogotá, Colombia' },
        dialect: 'openai-responses',
      },
      {
        id: 'call_67890abc',
        tool: 'send_email',
        arguments: { to: 'bob@example.com', body: 'Hi "Bob" {ok}' },
        dialect: 'openai-responses',
      },
    ]);
  });

  it('reads a bare output array and a single item', () => {
    expect(parseToolCalls(response.output)).toMatchObject({ calls: { length: 2 }, issues: [] });
    expect(parseToolCalls(response.output[1]).calls[0]?.id).toBe('call_12345xyz');
  });

  it('searches output_text of message items when there is no function call', () => {
    const { calls } = parseToolCalls({
      object: 'response',
      output: [
        {
          type: 'message',
          role: 'assistant',
          content: [
            {
              type: 'output_text',
              text: '```json\n{"name":"lookup","arguments":{"id":7}}\n```',
              annotations: [],
            },
          ],
        },
      ],
    });
    expect(calls).toEqual([
      { id: 'call_1', tool: 'lookup', arguments: { id: 7 }, dialect: 'markdown-json' },
    ]);
  });

  it('reports a function_call whose arguments are a number', () => {
    const { issues } = parseToolCalls({
      type: 'function_call',
      call_id: 'call_1',
      name: 'f',
      arguments: 42,
    });
    expect(issues).toMatchObject([
      {
        dialect: 'openai-responses',
        tool: 'f',
        message: 'arguments must be an object, got number 42',
      },
    ]);
  });
});
