import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

const response = {
  output: {
    message: {
      role: 'assistant',
      content: [
        { text: 'Let me check both.' },
        { toolUse: { toolUseId: 'tooluse_a1', name: 'get_weather', input: { city: 'Paris' } } },
        { toolUse: { toolUseId: 'tooluse_b2', name: 'web.search', input: { q: 'ramen' } } },
      ],
    },
  },
  stopReason: 'tool_use',
  usage: { inputTokens: 30, outputTokens: 40, totalTokens: 70 },
  metrics: { latencyMs: 500 },
};

describe('bedrock dialect', () => {
  it('reads a Converse response: every toolUse block, ids kept, prose beside them ignored', () => {
    expect(parseToolCalls(response)).toEqual({
      calls: [
        { id: 'tooluse_a1', tool: 'get_weather', arguments: { city: 'Paris' }, dialect: 'bedrock' },
        { id: 'tooluse_b2', tool: 'web.search', arguments: { q: 'ramen' }, dialect: 'bedrock' },
      ],
      issues: [],
    });
  });

  it('reads a bare message and single blocks, and the text of a response without tool use', () => {
    expect(parseToolCalls(response.output.message).calls).toHaveLength(2);
    expect(parseToolCalls(response.output.message.content[1]).calls).toMatchObject([
      { id: 'tooluse_a1', tool: 'get_weather' },
    ]);
    const textOnly = {
      output: {
        message: {
          role: 'assistant',
          content: [{ text: '<tool_call>{"name": "f", "arguments": {}}</tool_call>' }],
        },
      },
    };
    expect(parseToolCalls(textOnly).calls).toMatchObject([{ tool: 'f', dialect: 'hermes' }]);
  });

  it('reports a toolUse without a name, with its path', () => {
    const broken = {
      output: { message: { role: 'assistant', content: [{ toolUse: { input: {} } }] } },
    };
    expect(parseToolCalls(broken).issues).toMatchObject([
      {
        dialect: 'bedrock',
        path: '$.output.message.content[0].toolUse',
        message: 'tool name must be a non-empty string, got undefined',
      },
    ]);
  });
});
