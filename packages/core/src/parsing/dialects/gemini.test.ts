import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

// Shape of a real generateContent response with parallel function calls (gemini-2.5-flash).
const response = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: 'Let me turn on the lights.', thought: true },
          { functionCall: { name: 'enable_lights', args: {} } },
          { functionCall: { name: 'set_light_color', args: { rgb_hex: 'ff0000' } } },
          { functionCall: { name: 'stop_lights' } },
        ],
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 40, totalTokenCount: 160 },
  modelVersion: 'gemini-2.5-flash',
};

describe('gemini dialect', () => {
  it('reads functionCall parts, missing args meaning none, ids in order', () => {
    const { calls, issues } = parseToolCalls(response);
    expect(issues).toEqual([]);
    expect(calls).toEqual([
      { id: 'call_1', tool: 'enable_lights', arguments: {}, dialect: 'gemini' },
      {
        id: 'call_2',
        tool: 'set_light_color',
        arguments: { rgb_hex: 'ff0000' },
        dialect: 'gemini',
      },
      { id: 'call_3', tool: 'stop_lights', arguments: {}, dialect: 'gemini' },
    ]);
  });

  it('keeps Gemini-issued ids and reads a bare Content and a bare part', () => {
    const content = {
      role: 'model',
      parts: [{ functionCall: { id: 'fc-1', name: 'f', args: { a: 1 } } }],
    };
    expect(parseToolCalls(content).calls[0]?.id).toBe('fc-1');
    expect(parseToolCalls(content.parts[0]).calls[0]).toMatchObject({
      tool: 'f',
      arguments: { a: 1 },
    });
  });

  it('searches text parts when no part is a functionCall, skipping thoughts', () => {
    const { calls } = parseToolCalls({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: '{"name":"hidden","arguments":{}}', thought: true },
              { text: 'Call: {"name":"f","arguments":{"x":"y"}}' },
            ],
          },
        },
      ],
    });
    expect(calls).toEqual([{ id: 'call_1', tool: 'f', arguments: { x: 'y' }, dialect: 'json' }]);
  });

  it('reports a functionCall whose args is a string that is not JSON', () => {
    const { issues } = parseToolCalls({ parts: [{ functionCall: { name: 'f', args: 'hello' } }] });
    expect(issues).toMatchObject([
      { dialect: 'gemini', tool: 'f', path: '$.parts[0].functionCall' },
    ]);
  });
});
