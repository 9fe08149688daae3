import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseToolCalls } from './parse-tool-calls.js';

type Args = Record<string, unknown>;
interface GeneratedCall {
  readonly name: string;
  readonly args: Args;
}

// Fragments of every dialect's syntax, so random strings hit the parsers' edge cases often.
const fragment = fc.constantFrom(
  '<tool_call>',
  '</tool_call>',
  '[TOOL_CALLS]',
  '[ARGS]',
  '[CALL_ID]',
  '<|python_tag|>',
  '<|eom_id|>',
  '```json\n',
  '```',
  '<function_calls>',
  '<invoke name="t">',
  '<parameter name="p">',
  '</parameter>',
  '</invoke>',
  '<tool name="t" args=\'',
  '/>',
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  ':',
  ',',
  '"name": "f"',
  '"arguments": ',
  '.call(a=',
  '<｜tool▁call▁begin｜>',
  '<｜tool▁sep｜>',
  '<｜tool▁call▁end｜>',
  ' ',
  '\n',
);
const noisyText = fc
  .array(fc.oneof(fragment, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/).filter((name) => name !== '__proto__');
const text = fc.string({ maxLength: 12 }).map((value) => value.replace(/</g, '‹'));
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    text,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const call: fc.Arbitrary<GeneratedCall> = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9_]{0,10}(\.[a-z][a-z0-9_]{0,10})?$/),
  args: fc.dictionary(key, jsonValue, { maxKeys: 4 }) as fc.Arbitrary<Args>,
});
// Prose without the characters that open a call in any dialect.
const prose = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .map((value) => value.replace(/[{[<`"\\]/g, ' '));

const renderers: ReadonlyArray<(call: GeneratedCall) => string> = [
  ({ name, args }) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`,
  ({ name, args }) => JSON.stringify({ name, arguments: args }),
  ({ name, args }) => JSON.stringify({ tool: name, args: JSON.stringify(args) }),
  ({ name, args }) => `[TOOL_CALLS][${JSON.stringify({ name, arguments: args })}]`,
  ({ name, args }) => `[TOOL_CALLS]${name}[ARGS]${JSON.stringify(args)}`,
  ({ name, args }) => `<|python_tag|>${JSON.stringify({ name, parameters: args })}<|eom_id|>`,
  ({ name, args }) => `\`\`\`json\n${JSON.stringify({ name, arguments: args }, null, 2)}\n\`\`\``,
  ({ name, args }) =>
    `<tool name="${name}" args='${JSON.stringify(args).replace(/&/g, '&amp;').replace(/'/g, '&apos;')}'/>`,
  ({ name, args }) =>
    `<｜tool▁call▁begin｜>function<｜tool▁sep｜>${name}\n\`\`\`json\n${JSON.stringify(args)}\n\`\`\`<｜tool▁call▁end｜>`,
  ({ name, args }) =>
    `<function_calls>\n<invoke name="${name}">\n${Object.entries(args)
      .map(
        ([parameter, value]) =>
          `<parameter name="${parameter}">${JSON.stringify(value)}</parameter>\n`,
      )
      .join('')}</invoke>\n</function_calls>`,
];

// Generous timeout: hundreds of runs on a busy 2-core machine.
describe('parseToolCalls (properties)', { timeout: 60_000 }, () => {
  it('never throws on arbitrary strings, and every issue points into the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), noisyText), (input) => {
        const { calls, issues } = parseToolCalls(input);
        expect(Array.isArray(calls)).toBe(true);
        for (const issue of issues) {
          expect(issue.code).toBe('PARSER_ERROR');
          expect(issue.offset).toBeGreaterThanOrEqual(0);
          expect(issue.offset).toBeLessThanOrEqual(input.length);
        }
        expect(new Set(calls.map((found) => found.id)).size).toBe(calls.length);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON values and arbitrary JavaScript values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (input) => {
        const { calls, issues } = parseToolCalls(input);
        for (const found of calls) expect(typeof found.tool).toBe('string');
        for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when valid calls are mixed with arbitrary prose', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.string({ unit: 'binary', maxLength: 30 }),
            call,
            fc.nat(renderers.length - 1),
          ),
          { maxLength: 5 },
        ),
        (parts) => {
          const input = parts
            .map(
              ([before, found, dialect]) =>
                before + (renderers[dialect] as (c: GeneratedCall) => string)(found),
            )
            .join('');
          expect(() => parseToolCalls(input)).not.toThrow();
        },
      ),
    );
  });

  it('finds every valid call embedded in prose, in order, in any dialect, repeats included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(prose, call, fc.nat(renderers.length - 1), fc.boolean()), {
          minLength: 1,
          maxLength: 5,
        }),
        prose,
        (parts, tail) => {
          // Half the time a part repeats the call before it: identical calls are each kept.
          const calls: GeneratedCall[] = [];
          for (const [, found, , repeat] of parts)
            calls.push(
              repeat && calls.length > 0 ? (calls[calls.length - 1] as GeneratedCall) : found,
            );
          const input =
            parts
              .map(
                ([before, , dialect], index) =>
                  `${before}\n${(renderers[dialect] as (c: GeneratedCall) => string)(calls[index] as GeneratedCall)}\n`,
              )
              .join('') + tail;
          const result = parseToolCalls(input);
          expect(result.issues).toEqual([]);
          expect(result.calls.map(({ id, tool, arguments: args }) => ({ id, tool, args }))).toEqual(
            calls.map(({ name, args }, index) => ({ id: `call_${index + 1}`, tool: name, args })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
