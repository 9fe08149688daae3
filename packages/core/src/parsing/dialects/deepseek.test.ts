import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('deepseek dialect', () => {
  it('reads the V3/R1 form: type, name, then a ```json fence', () => {
    const text =
      'Let me check.<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{"location": "東京", "note": "```"}\n```<｜tool▁call▁end｜>' +
      '<｜tool▁call▁begin｜>function<｜tool▁sep｜>web.search\n```json\n{"q": "a}b"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>';
    expect(parseToolCalls(text)).toEqual({
      calls: [
        {
          id: 'call_1',
          tool: 'get_weather',
          arguments: { location: '東京', note: '```' },
          dialect: 'deepseek',
        },
        { id: 'call_2', tool: 'web.search', arguments: { q: 'a}b' }, dialect: 'deepseek' },
      ],
      issues: [],
    });
  });

  it('reads the V3.1 form: name, separator, JSON', () => {
    const text =
      '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_time<｜tool▁sep｜>{"tz": "UTC"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>';
    expect(parseToolCalls(text).calls).toEqual([
      { id: 'call_1', tool: 'get_time', arguments: { tz: 'UTC' }, dialect: 'deepseek' },
    ]);
  });

  it('reports cut-off and malformed calls with the tool name', () => {
    const messages = (text: string) =>
      parseToolCalls(text).issues.map(({ message, tool }) => `${tool}: ${message}`);
    expect(messages('<｜tool▁call▁begin｜>function')).toEqual([
      'undefined: tool call without <｜tool▁sep｜> (output cut off?)',
    ]);
    expect(messages('<｜tool▁call▁begin｜>f<｜tool▁sep｜>{"a": ')).toEqual([
      'f: truncated JSON arguments',
    ]);
    expect(messages('<｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n<｜tool▁call▁end｜>')).toEqual([
      'f: no JSON arguments after the tool name',
    ]);
    expect(messages('<｜tool▁call▁begin｜>f<｜tool▁sep｜>{a: 1}<｜tool▁call▁end｜>')[0]).toMatch(
      /^f: arguments are not valid JSON/,
    );
  });
});
