import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseToolCalls } from './parse-tool-calls.js';

// Issue 11, correction 2: a dialect's own markers inside a JSON string are text. Each dialect
// renders a call whose string arguments are drawn from an alphabet heavy in that dialect's
// markers, quotes, backslashes and braces; the call must come back exactly, with no issue.

type Args = Record<string, string>;
type Render = (name: string, args: Args) => string;

const BEGIN = '<｜tool▁call▁begin｜>';
const SEP = '<｜tool▁sep｜>';
const END = '<｜tool▁call▁end｜>';
const json = (value: unknown) => JSON.stringify(value);
const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/'/g, '&apos;');

const dialects: ReadonlyArray<readonly [string, readonly string[], Render]> = [
  [
    'hermes',
    ['<tool_call>', '</tool_call>', '<function=f>'],
    (name, args) => `<tool_call>\n${json({ name, arguments: args })}\n</tool_call>`,
  ],
  [
    'mistral',
    ['[TOOL_CALLS]', '[ARGS]', '[CALL_ID]'],
    (name, args) => `[TOOL_CALLS][${json({ name, arguments: args })}]`,
  ],
  ['mistral', ['[TOOL_CALLS]', '[ARGS]'], (name, args) => `[TOOL_CALLS]${name}[ARGS]${json(args)}`],
  [
    'llama',
    ['<|python_tag|>', '<|eom_id|>', '<|eot_id|>', ';'],
    (name, args) => `<|python_tag|>${json({ name, parameters: args })}<|eom_id|>`,
  ],
  [
    'deepseek',
    [BEGIN, SEP, END, '```'],
    (name, args) => `${BEGIN}function${SEP}${name}\n\`\`\`json\n${json(args)}\n\`\`\`${END}`,
  ],
  ['deepseek', [BEGIN, SEP, END], (name, args) => `${BEGIN}${name}${SEP}${json(args)}${END}`],
  [
    'markdown-json',
    ['```', '```json\n', '\n'],
    (name, args) => `Here:\n\`\`\`json\n${json({ name, arguments: args })}\n\`\`\`\nDone.`,
  ],
  [
    'xml-tool',
    ['<tool name="x"/>', '/>', '</tool>', "'"],
    (name, args) => `<tool name="${name}" args='${attribute(json(args))}'/>`,
  ],
  [
    'xml-tool',
    ['<tool name="x">', '</tool>', '/>'],
    (name, args) => `<tool name="${name}">${json(args)}</tool>`,
  ],
  [
    'anthropic-xml',
    ['</parameter>', '</invoke>', '<parameter name="p">', '</function_calls>'],
    (name, args) =>
      `<function_calls>\n<invoke name="${name}">\n${Object.entries(args)
        .map(([key, value]) => `<parameter name="${key}">${JSON.stringify(value)}</parameter>\n`)
        .join('')}</invoke>\n</function_calls>`,
  ],
  [
    'json',
    ['{"name": "x"}', '}{'],
    (name, args) => `Calling ${json({ name, arguments: args })} now.`,
  ],
];

const COMMON = ['"', '\\', '{', '}', '[', ']', '}{', '\\"', 'a', ' ', '\n'];

describe('markers inside JSON strings survive (properties)', { timeout: 120_000 }, () => {
  it.each(
    dialects.map(
      ([dialect, markers, render], index) => [`${dialect} #${index}`, markers, render] as const,
    ),
  )('%s: arguments full of its own markers round-trip', (_, markers, render) => {
    const piece = fc.constantFrom(...markers, ...COMMON);
    const value = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    const args = fc.dictionary(fc.constantFrom('text', 'code', 'html', 'q'), value, {
      maxKeys: 3,
    });
    fc.assert(
      fc.property(args, (generated) => {
        const { calls, issues } = parseToolCalls(render('echo', generated));
        expect(issues).toEqual([]);
        expect(calls.map((call) => [call.tool, call.arguments])).toEqual([['echo', generated]]);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the example from the issue as one call', () => {
    const text =
      '<tool_call>{"name":"echo","arguments":{"text":"he said \\"}{\\" and <tool_call> inside"}}</tool_call>';
    expect(parseToolCalls(text)).toEqual({
      calls: [
        {
          id: 'call_1',
          tool: 'echo',
          arguments: { text: 'he said "}{" and <tool_call> inside' },
          dialect: 'hermes',
        },
      ],
      issues: [],
    });
  });
});

describe('a call cut off before the next marker does not swallow the next call', () => {
  it.each([
    [
      'hermes',
      '<tool_call>{"name": "f", "arguments": {"a": 1}\n<tool_call>{"name": "g", "arguments": {}}</tool_call>',
    ],
    [
      'llama',
      '<|python_tag|>{"name": "f", "parameters": {"a": 1}<|python_tag|>{"name": "g", "parameters": {}}<|eom_id|>',
    ],
    ['deepseek', `${BEGIN}f${SEP}{"a": 1${END}${BEGIN}g${SEP}{}${END}`],
    [
      'markdown-json',
      '```json\n{"name": "f", "arguments": {"a": 1}\n```\n```json\n{"name": "g", "arguments": {}}\n```',
    ],
  ])('%s', (dialect, text) => {
    const { calls, issues } = parseToolCalls(text);
    expect(calls).toMatchObject([{ tool: 'g', arguments: {}, dialect }]);
    expect(issues).toMatchObject([
      { tool: 'f', message: expect.stringMatching(/^truncated JSON/) },
    ]);
  });
});
