import { describe, expect, it } from 'vitest';
import { parseToolCalls } from './parse-tool-calls.js';

// Issue 11, correction 3: stream events are pieces of calls; parsed as they are they must give a
// PARSER_ERROR saying what they are, never an empty answer.

const openaiChunks = [
  {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    choices: [
      {
        index: 0,
        delta: {
          role: 'assistant',
          tool_calls: [
            {
              index: 0,
              id: 'call_a',
              type: 'function',
              function: { name: 'get_weather', arguments: '' },
            },
          ],
        },
      },
    ],
  },
  {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] } }],
  },
  {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }],
  },
];

const anthropicEvents = [
  { type: 'message_start', message: { id: 'msg_1', role: 'assistant', content: [] } },
  {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
  },
  {
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'input_json_delta', partial_json: '{"city": "Paris"}' },
  },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_stop' },
];

const responsesEvents = [
  {
    type: 'response.output_item.added',
    output_index: 0,
    item: { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '' },
  },
  { type: 'response.function_call_arguments.delta', output_index: 0, delta: '{"city":' },
];

const bedrockEvents = [
  { contentBlockStart: { start: { toolUse: { toolUseId: 't1', name: 'get_weather' } } } },
  { contentBlockDelta: { delta: { toolUse: { input: '{"city": "Paris"}' } } } },
  { contentBlockStop: { contentBlockIndex: 0 } },
];

describe('streaming events handed to parseToolCalls', () => {
  it.each([
    ['OpenAI Chat Completions stream chunks', openaiChunks],
    ['Anthropic Messages stream events', anthropicEvents],
    ['OpenAI Responses stream events', responsesEvents],
    ['Bedrock ConverseStream events', bedrockEvents],
  ])('%s give one PARSER_ERROR saying what they are', (kind, events) => {
    expect(parseToolCalls(events)).toEqual({
      calls: [],
      issues: [
        {
          code: 'PARSER_ERROR',
          dialect: 'input',
          path: '$[0]',
          message: `input is ${events.length} streaming events (${kind}), not a complete response: assemble the stream first`,
        },
      ],
    });
  });

  it('names a single chunk too, and leaves complete responses alone', () => {
    expect(parseToolCalls(openaiChunks[1]).issues).toMatchObject([
      {
        message:
          'input is a streaming event (OpenAI Chat Completions stream chunks), not a complete response: assemble the stream first',
        path: '$',
      },
    ]);
    const complete = {
      object: 'chat.completion',
      choices: [
        {
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
        },
      ],
    };
    expect(parseToolCalls(complete)).toMatchObject({ calls: [{ id: 'a', tool: 'f' }], issues: [] });
    expect(
      parseToolCalls({
        type: 'message',
        role: 'assistant',
        content: [{ type: 'text', text: 'hi' }],
      }),
    ).toEqual({ calls: [], issues: [] });
  });
});
