import { describe, expect, it } from 'vitest';
import { parseToolCalls } from './parse-tool-calls.js';

// Issue 11, correction 3: stream events are pieces of calls. A list of them is assembled (as
// parseToolCallStream does; full coverage in stream/parse-tool-call-stream.test.ts); a single
// event on its own gives a PARSER_ERROR saying what it is, never an empty answer.

const truncatedOpenai = [
  {
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
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] } }],
  },
  {
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }],
  },
];

describe('streaming events handed to parseToolCalls', () => {
  it('assembles a list of events; a call whose arguments never completed is an issue', () => {
    expect(parseToolCalls(truncatedOpenai)).toMatchObject({
      calls: [],
      issues: [
        {
          code: 'PARSER_ERROR',
          dialect: 'openai-chat',
          tool: 'get_weather',
          message: expect.stringContaining('arguments are not valid JSON'),
        },
      ],
    });
    expect(parseToolCalls(truncatedOpenai.slice(0, 2))).toMatchObject({
      calls: [],
      issues: [{ message: 'the stream ended before the call to "get_weather" was complete: {"ci' }],
    });
  });

  it('names a single event, and leaves complete responses alone', () => {
    expect(parseToolCalls(truncatedOpenai[1]).issues).toMatchObject([
      {
        message:
          "input is a streaming event (OpenAI Chat Completions stream chunks), not a complete response: pass all of the stream's events (a list, or parseToolCallStream)",
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
