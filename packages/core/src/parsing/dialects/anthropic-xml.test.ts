import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';

describe('anthropic-xml dialect', () => {
  it('reads several invokes, typing JSON parameter values and keeping other text as strings', () => {
    const text = `Let me check.

<function_calls>
<invoke name="get_weather">
<parameter name="location">San Francisco, CA</parameter>
<parameter name="days">3</parameter>
<parameter name="metric">true</parameter>
<parameter name="filters">{"wind": ["N", "NE"], "note": "a \\"q\\" }"}</parameter>
</invoke>
<invoke name="files.read">
<parameter name="path">/tmp/ünï.txt</parameter>
<parameter name="code">if (a < b) { return "x"; }</parameter>
</invoke>
</function_calls>`;
    expect(parseToolCalls(text)).toEqual({
      calls: [
        {
          id: 'call_1',
          tool: 'get_weather',
          arguments: {
            location: 'San Francisco, CA',
            days: 3,
            metric: true,
            filters: { wind: ['N', 'NE'], note: 'a "q" }' },
          },
          argumentText: {
            location: 'San Francisco, CA',
            days: '3',
            metric: 'true',
            filters: '{"wind": ["N", "NE"], "note": "a \\"q\\" }"}',
          },
          dialect: 'anthropic-xml',
        },
        {
          id: 'call_2',
          tool: 'files.read',
          arguments: { path: '/tmp/ünï.txt', code: 'if (a < b) { return "x"; }' },
          argumentText: { path: '/tmp/ünï.txt', code: 'if (a < b) { return "x"; }' },
          dialect: 'anthropic-xml',
        },
      ],
      issues: [],
    });
  });

  it('accepts namespaced tags and invokes without parameters', () => {
    const { calls } = parseToolCalls(
      '<x:function_calls><x:invoke name="now"></x:invoke></x:function_calls>',
    );
    expect(calls).toEqual([{ id: 'call_1', tool: 'now', arguments: {}, dialect: 'anthropic-xml' }]);
  });

  it('reports unclosed tags, missing names and stray content, naming the tool', () => {
    const messages = (text: string) =>
      parseToolCalls(text).issues.map(({ message, tool }) => ({ message, tool }));
    expect(messages('<function_calls><invoke name="s"><parameter name="q">cats')).toEqual([
      { message: 'unclosed <invoke> tag (output cut off?)', tool: 's' },
    ]);
    expect(messages('<invoke name="s"><parameter name="q">cats</invoke>')).toEqual([
      { message: 'unclosed <parameter name="q">', tool: 's' },
    ]);
    expect(messages('<invoke><parameter name="q">1</parameter></invoke>')).toEqual([
      { message: '<invoke> without a name attribute', tool: undefined },
    ]);
    expect(messages('<invoke name="s">text</invoke>')).toEqual([
      { message: 'expected <parameter name="..."> inside <invoke>', tool: 's' },
    ]);
    expect(messages('<function_calls>\n')).toEqual([
      { message: '<function_calls> block without any <invoke>', tool: undefined },
    ]);
  });

  it('ignores the words invoke and function_calls in prose', () => {
    expect(parseToolCalls('You can invoke function_calls via the API.')).toEqual({
      calls: [],
      issues: [],
    });
  });
});
