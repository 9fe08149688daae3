import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseToolCalls } from '../parse-tool-calls.js';
import { providerStreams, textStreams } from './__fixtures__/provider-streams.js';
import { parseToolCallStream } from './parse-tool-call-stream.js';
import type { ToolCallStreamItem } from './stream-assembler.js';

async function collect(source: AsyncIterable<unknown> | Iterable<unknown>) {
  const items: ToolCallStreamItem[] = [];
  for await (const item of parseToolCallStream(source)) items.push(item);
  return items;
}
const callsOf = (items: readonly ToolCallStreamItem[]) =>
  items.flatMap((item) => (item.type === 'call' ? [item.call] : []));
const issuesOf = (items: readonly ToolCallStreamItem[]) =>
  items.flatMap((item) => (item.type === 'issue' ? [item.issue] : []));
const shape = (calls: ReadonlyArray<{ tool: string; arguments: unknown; dialect?: string }>) =>
  calls.map(({ tool, arguments: args, dialect }) => ({ tool, arguments: args, dialect }));

/** A source that records how many events were read when each call came out. */
async function pulledWhenYielded(events: readonly unknown[]): Promise<number[]> {
  let pulled = 0;
  async function* source() {
    for (const event of events) {
      pulled++;
      yield event;
    }
  }
  const seen: number[] = [];
  for await (const item of parseToolCallStream(source())) {
    if (item.type === 'call') seen.push(pulled - 1);
  }
  return seen;
}

describe('parseToolCallStream: provider streams', () => {
  it.each(Object.entries(providerStreams))(
    '%s: yields every call, each as soon as it is complete',
    async (_name, stream) => {
      const items = await collect(stream.events);
      expect(issuesOf(items)).toEqual([]);
      expect(callsOf(items)).toMatchObject(stream.calls);
      expect(await pulledWhenYielded(stream.events)).toEqual(stream.completeAfter);
    },
  );

  it.each(Object.entries(providerStreams))(
    '%s: parseToolCalls on the list of events gives the same calls',
    async (_name, stream) => {
      const streamed = callsOf(await collect(stream.events));
      expect(parseToolCalls(stream.events)).toEqual({ calls: streamed, issues: [] });
    },
  );

  it.each(Object.entries(providerStreams).filter(([name]) => name !== 'gemini'))(
    '%s: a stream cut off mid-call gives that call a PARSER_ERROR, the others stand',
    async (_name, stream) => {
      const cut = stream.events.slice(0, stream.completeAfter[2]!);
      const items = await collect(cut);
      expect(callsOf(items)).toMatchObject(stream.calls.slice(0, 2));
      expect(issuesOf(items)).toMatchObject([
        {
          code: 'PARSER_ERROR',
          tool: 'convert',
          message: expect.stringContaining('the stream ended before the call to "convert"'),
        },
      ]);
    },
  );

  it('a failing source ends with an issue after the calls it completed', async () => {
    async function* failing() {
      yield* providerStreams.anthropic.events.slice(0, 12);
      throw new Error('connection reset');
    }
    const items = await collect(failing());
    expect(callsOf(items)).toMatchObject(providerStreams.anthropic.calls.slice(0, 2));
    expect(issuesOf(items).map((issue) => issue.message)).toEqual([
      'the stream failed: connection reset',
    ]);
  });

  it('keeps calls and issues of whole values mixed into the stream, with unique ids', async () => {
    const items = await collect([
      { id: 'x', tool: 'roll', arguments: { sides: 6 } },
      { id: 'x', tool: 'roll', arguments: { sides: 6 } },
      42,
    ]);
    expect(callsOf(items).map((call) => call.id)).toEqual(['x', 'x_2']);
    expect(issuesOf(items)).toMatchObject([{ code: 'PARSER_ERROR', dialect: 'input' }]);
  });
});

describe('parseToolCallStream: text deltas', () => {
  it.each(textStreams)(
    '%s: split at every position gives the whole text’s calls',
    async (_d, text) => {
      const expected = shape(parseToolCalls(text).calls);
      expect(expected.length).toBeGreaterThan(0);
      for (let at = 0; at <= text.length; at++) {
        const calls = callsOf(await collect([text.slice(0, at), text.slice(at)]));
        expect(shape(calls), `split at ${at}`).toEqual(expected);
      }
      expect(shape(callsOf(await collect([...text])))).toEqual(expected);
    },
  );

  it.each(textStreams)(
    '%s: UTF-8 bytes split at every byte, inside characters too',
    async (_d, text) => {
      const expected = shape(parseToolCalls(text).calls);
      const bytes = new TextEncoder().encode(text);
      for (let at = 0; at <= bytes.length; at++) {
        const calls = callsOf(await collect([bytes.subarray(0, at), bytes.subarray(at)]));
        expect(shape(calls), `split at byte ${at}`).toEqual(expected);
      }
    },
  );

  it('random splits into many pieces always give the whole text’s calls', async () => {
    const texts = textStreams.map(([, text]) => text);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...texts),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (text, cuts) => {
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort(
            (a, b) => a - b,
          );
          const pieces = [0, ...points].map((from, index) =>
            text.slice(from, points[index] ?? text.length),
          );
          const calls = callsOf(await collect(pieces));
          expect(shape(calls)).toEqual(shape(parseToolCalls(text).calls));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('yields a tagged call before the rest of the text has arrived', async () => {
    const first = '<tool_call>{"name": "a", "arguments": {}}</tool_call>\n';
    const seen = await pulledWhenYielded([
      first,
      'more text ',
      '<tool_call>{"name": "b", "arguments": {}}</tool_call>',
      ' bye',
    ]);
    expect(seen).toEqual([0, 3]);
  });

  it('a truncated call at the end of the text is an issue, never a call with partial values', async () => {
    const items = await collect(['<tool_call>\n<function=get_weather>\n<parameter=city>\nPar']);
    expect(callsOf(items)).toEqual([]);
    expect(issuesOf(items)).toHaveLength(1);
  });
});
