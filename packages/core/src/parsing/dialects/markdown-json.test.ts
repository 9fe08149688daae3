import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('markdown-json dialect', () => {
  it('reads a call in a ```json fence, with the prose around it ignored', () => {
    const text =
      'To answer, I will search:\n\n```json\n{\n  "name": "web_search",\n  "arguments": {"query": "naïve café {hours}"}\n}\n```\n\nLet me know!';
    expect(parseToolCalls(text)).toEqual({
      calls: [
        {
          id: 'call_1',
          tool: 'web_search',
          arguments: { query: 'naïve café {hours}' },
          dialect: 'markdown-json',
        },
      ],
      issues: [],
    });
  });

  it('reads an array of calls and several values in one untagged fence', () => {
    const text =
      '```\n[{"tool": "a", "args": {}}, {"tool": "b", "args": {"n": 1}}]\n{"tool": "c", "input": {}}\n```';
    expect(parseToolCalls(text).calls.map((call) => call.tool)).toEqual(['a', 'b', 'c']);
  });

  it('leaves fences of code and of plain data alone', () => {
    const text = '```ts\nconst x = { name: "a" };\n```\n```json\n{"name": "Alice", "age": 30}\n```';
    expect(parseToolCalls(text)).toEqual({ calls: [], issues: [] });
  });

  it('reports a call-like fence whose JSON is broken, and reads an unclosed fence to the end', () => {
    const broken = parseToolCalls('```json\n{"name": "f", "arguments": {"a": 1,}}\n```');
    expect(broken.issues).toMatchObject([
      { dialect: 'markdown-json', tool: 'f', message: expect.stringMatching(/^invalid JSON/) },
    ]);
    const unclosed = parseToolCalls('```json\n{"name": "f", "arguments": {"a": 1}}\n');
    expect(unclosed.calls).toMatchObject([{ tool: 'f', dialect: 'markdown-json' }]);
  });
});
