import { afterEach, describe, expect, it } from 'vitest';
import type { GuardV1 } from '../contracts/guard/v1/guard-v1.js';
import { defineTool } from '../define-tool.js';
import { providerStreams } from '../parsing/stream/__fixtures__/provider-streams.js';
import { createRegistry } from '../registry/registry.js';
import { createProcessor, type Processor, type ProcessorOptions } from './create-processor.js';

// processor.stream(source) / process(source): calls run as soon as the model stream completes
// them. Ordering is proven by counting events read, never by wall-clock time.

const stream = providerStreams.anthropic;
let read = 0;
const started: Array<{ tool: string; read: number }> = [];

/** The recorded stream, one event per macrotask, counting what was read. */
async function* source(events: readonly unknown[] = stream.events, stallAfter = Infinity) {
  for (const [index, event] of events.entries()) {
    if (index >= stallAfter) await new Promise(() => {});
    await new Promise((resolve) => setTimeout(resolve, 2));
    read = index + 1;
    yield event;
  }
}

const waitFor = (ms: number, signal: AbortSignal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

const tools = [
  ['get_weather', 40],
  ['get_time', 1],
  ['convert', 1],
].map(([name, ms]) =>
  defineTool({
    name: name as string,
    description: `${name} for tests`,
    inputSchema: { type: 'object' },
    execute: async (args, ctx) => {
      started.push({ tool: name as string, read });
      await waitFor(ms as number, ctx.signal);
      return { tool: name, args };
    },
  }),
);
const add = defineTool({
  name: 'add',
  description: 'adds',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  execute: ({ a, b }) => (a as number) + (b as number),
});

let processors: Processor[] = [];
afterEach(async () => {
  await Promise.all(processors.map((processor) => processor.close()));
  processors = [];
  started.length = 0;
  read = 0;
});
function processorWith(options: Omit<ProcessorOptions, 'registry'> = {}): Processor {
  const registry = createRegistry();
  registry.register(...tools, add);
  const processor = createProcessor({ registry, ...options });
  processors.push(processor);
  return processor;
}

describe('processor.stream(source)', () => {
  it('starts each call while the rest of the stream is still arriving', async () => {
    const results = [];
    for await (const result of processorWith().stream(source())) {
      results.push({ tool: result.tool, ok: result.ok, read });
    }
    expect(results.map((result) => result.tool).sort()).toEqual([
      'convert',
      'get_time',
      'get_weather',
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    // Each call started right after the event that completed it was read.
    expect(started).toEqual([
      { tool: 'get_weather', read: stream.completeAfter[0]! + 1 },
      { tool: 'get_time', read: stream.completeAfter[1]! + 1 },
      { tool: 'convert', read: stream.completeAfter[2]! + 1 },
    ]);
  });

  it('a stream cut off mid-call gives that call a PARSER_ERROR result; the others run', async () => {
    const cut = stream.events.slice(0, stream.completeAfter[2]!);
    const results = await processorWith().process(source(cut));
    expect(results.map((result) => [result.tool, result.ok, result.error?.code])).toEqual(
      [
        ['get_weather', true, undefined],
        ['get_time', true, undefined],
        [undefined, false, 'PARSER_ERROR'],
      ].map(([tool, ok, code]) => [tool ?? expect.anything(), ok, code]),
    );
  });

  it('an abort cancels running calls and stops reading a stalled source, one result per call', async () => {
    const controller = new AbortController();
    const processor = processorWith();
    const results = [];
    const stalled = source(stream.events, stream.completeAfter[0]! + 1);
    const abortOnceStarted = setInterval(() => {
      if (started.length > 0) {
        clearInterval(abortOnceStarted);
        controller.abort();
      }
    }, 1);
    for await (const result of processor.stream(stalled, { signal: controller.signal })) {
      results.push(result);
    }
    expect(results).toMatchObject([
      { tool: 'get_weather', ok: false, error: { code: 'TOOL_CANCELLED' } },
    ]);
  });

  it('a consumer that stops reading stops the source and cancels the rest', async () => {
    let finished = false;
    async function* endless() {
      try {
        yield* source();
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield 'still talking ';
        }
      } finally {
        finished = true;
      }
    }
    for await (const result of processorWith().stream(endless())) {
      expect(result.ok).toBe(true);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(true);
  });

  it('a call depending on an earlier call of the stream waits for it and reads its result', async () => {
    async function* calls() {
      yield { id: 'a', tool: 'add', arguments: { a: 1, b: 2 } };
      yield { id: 'b', tool: 'add', arguments: { a: { $ref: 'a' }, b: 10 }, dependsOn: ['a'] };
      yield { id: 'c', tool: 'add', arguments: { a: 1, b: 1 }, dependsOn: ['later'] };
      yield { id: 'later', tool: 'add', arguments: { a: 0, b: 0 } };
    }
    const results = await processorWith().process(calls());
    expect(results.map((result) => [result.callId, result.value ?? result.error?.code])).toEqual([
      ['a', 3],
      ['b', 13],
      ['c', 'TOOL_VALIDATION_ERROR'],
      ['later', 0],
    ]);
  });

  it('guards see one request: a budget spans the whole stream', async () => {
    let allowed = 0;
    const budget: GuardV1 = {
      specificationVersion: 'v1',
      name: 'two-calls',
      pre: () =>
        ++allowed > 2 ? { verdict: 'block', reason: 'budget spent' } : { verdict: 'allow' },
    };
    const results = await processorWith({ guards: [budget] }).process(source());
    expect(results.map((result) => result.ok)).toEqual([true, true, false]);
    expect(results[2]!.error?.code).toBe('GUARD_BLOCKED');
  });

  it('dry run reads the whole stream, then plans without running anything', async () => {
    const results = await processorWith().process(source(), { dryRun: true });
    expect(results).toHaveLength(3);
    expect(started).toEqual([]);
  });
});
