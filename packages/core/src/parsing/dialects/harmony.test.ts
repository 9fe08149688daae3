import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('harmony dialect (gpt-oss)', () => {
  it('reads a commentary message addressed to a function', () => {
    const text =
      '<|start|>assistant<|channel|>analysis<|message|>Need the weather.<|end|>' +
      '<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{"city":"Paris <|call|>"}<|call|>';
    expect(parseToolCalls(text)).toEqual({
      calls: [
        {
          id: 'call_1',
          tool: 'get_weather',
          arguments: { city: 'Paris <|call|>' },
          dialect: 'harmony',
        },
      ],
      issues: [],
    });
  });

  it('takes the recipient before the channel, keeps built-in tool names, reads several calls', () => {
    const text =
      '<|start|>assistant to=functions.add<|channel|>commentary json<|message|>{"a": 1, "b": 2}<|call|>' +
      '<|start|>assistant to=browser.search<|channel|>commentary<|message|>{"query": "tp"}<|call|>';
    expect(parseToolCalls(text).calls).toMatchObject([
      { tool: 'add', arguments: { a: 1, b: 2 } },
      { tool: 'browser.search', arguments: { query: 'tp' } },
    ]);
  });

  it('leaves messages without a recipient alone and reports a cut-off body', () => {
    expect(
      parseToolCalls('<|start|>assistant<|channel|>final<|message|>{"name": "x"}<|return|>'),
    ).toEqual({
      calls: [],
      issues: [],
    });
    const cut = parseToolCalls(
      '<|start|>assistant<|channel|>commentary to=functions.f<|message|>{"a": ',
    );
    expect(cut.calls).toEqual([]);
    expect(cut.issues).toMatchObject([
      { dialect: 'harmony', tool: 'f', message: 'truncated JSON: the value never closes' },
    ]);
  });
});
