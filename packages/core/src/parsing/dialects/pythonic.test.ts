import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('pythonic dialect (Llama 3.2)', () => {
  it('reads a list of calls with Python literal values', () => {
    const text = `[get_weather(city="Paris", days=3), add(a=1, b=-2.5), search(q='it\\'s', tags=['a', "b"], opts={'exact': True, 'limit': None})]`;
    expect(parseToolCalls(text)).toEqual({
      calls: [
        {
          id: 'call_1',
          tool: 'get_weather',
          arguments: { city: 'Paris', days: 3 },
          dialect: 'pythonic',
        },
        { id: 'call_2', tool: 'add', arguments: { a: 1, b: -2.5 }, dialect: 'pythonic' },
        {
          id: 'call_3',
          tool: 'search',
          arguments: { q: "it's", tags: ['a', 'b'], opts: { exact: true, limit: null } },
          dialect: 'pythonic',
        },
      ],
      issues: [],
    });
  });

  it('finds a list on its own line after prose, spanning lines, with a trailing comma', () => {
    const text = 'I will call:\n[\n  get_time(zone="UTC",),\n]\n';
    expect(parseToolCalls(text).calls).toMatchObject([
      { tool: 'get_time', arguments: { zone: 'UTC' } },
    ]);
  });

  it('leaves bracketed calls inside a sentence and code-like lists alone', () => {
    for (const text of [
      'As noted [see(below)] the answer is 4.',
      'Use [foo(x=1)] in your config file.',
      'x = [f(1), g(2)]',
    ]) {
      expect(parseToolCalls(text), text).toEqual({ calls: [], issues: [] });
    }
  });

  it('a message that is a call list it cannot read gets an issue, not a guess', () => {
    const result = parseToolCalls('[get_weather(city=os.environ["HOME"])]');
    expect(result.calls).toEqual([]);
    expect(result.issues).toMatchObject([
      {
        dialect: 'pythonic',
        message: expect.stringContaining("get_weather: unsupported value for 'city'"),
      },
    ]);
  });
});
