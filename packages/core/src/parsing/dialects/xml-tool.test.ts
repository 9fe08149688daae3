import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('xml-tool dialect', () => {
  it('reads self-closing tags with JSON args in either quote style, and a JSON body', () => {
    const text = `Searching now: <tool name="search" args='{"q": "a > b", "lang": "日本語"}'/>
then <tool name="math.add" args="{&quot;a&quot;: 1, &quot;b&quot;: 2}" />
and <tool name="clock"/> and <tool name="echo">{"text": "hi"}</tool>`;
    expect(parseToolCalls(text)).toEqual({
      calls: [
        {
          id: 'call_1',
          tool: 'search',
          arguments: { q: 'a > b', lang: '日本語' },
          dialect: 'xml-tool',
        },
        { id: 'call_2', tool: 'math.add', arguments: { a: 1, b: 2 }, dialect: 'xml-tool' },
        { id: 'call_3', tool: 'clock', arguments: {}, dialect: 'xml-tool' },
        { id: 'call_4', tool: 'echo', arguments: { text: 'hi' }, dialect: 'xml-tool' },
      ],
      issues: [],
    });
  });

  it('reports broken tags, missing names and bad args', () => {
    const messages = (text: string) => parseToolCalls(text).issues.map((issue) => issue.message);
    expect(messages(`<tool name="s" args='{"q": "x"}`)).toEqual([
      'malformed or unterminated <tool ...> tag',
    ]);
    expect(messages('<tool id="1"/>')).toEqual(['<tool> tag without a name attribute']);
    expect(messages('<tool name="s" args="x">')).toEqual([
      'unclosed <tool> tag: expected /> or </tool>',
    ]);
    expect(messages(`<tool name="s" args='[1]'/>`)).toEqual([
      'arguments must be a JSON object, got an array',
    ]);
  });

  it('ignores the word tool and a bare <tool> element in prose', () => {
    expect(parseToolCalls('Pick a <tool> from the <tools> list; the tool is named "x".')).toEqual({
      calls: [],
      issues: [],
    });
  });
});
