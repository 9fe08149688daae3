// Streaming rows of the parsers suite (issue 11): per-chunk cost of parseToolCallStream for each
// provider's events and for text deltas, the time to the last result of processor.stream() vs
// assembling first, and the delay from a call's last chunk to its execution start.
import {
  createProcessor,
  createRegistry,
  defineTool,
  parseToolCallStream,
  parseToolCalls,
} from '../../packages/core/dist/index.js';
import { median, percentile, repeat } from './measure.mjs';
import * as streams from './model-streams.mjs';

const STREAMS = 200;

async function drain(iterable) {
  let count = 0;
  for await (const _ of iterable) count++;
  return count;
}

export async function streamingRows() {
  const rows = [];
  const sources = {
    'OpenAI Chat Completions chunks': streams.openaiChatStream(),
    'OpenAI Responses events': streams.responsesStream(),
    'Anthropic Messages events': streams.anthropicStream(),
    'Gemini streamGenerateContent chunks': streams.geminiStream(),
    'Bedrock ConverseStream events': streams.bedrockStream(),
    'text deltas (hermes, 4 chars each)': streams.hermesTextStream(),
  };
  for (const [name, events] of Object.entries(sources)) {
    const found = parseToolCalls(typeof events[0] === 'string' ? events.join('') : events);
    if (found.issues.length > 0 || found.calls.length !== streams.callCount) {
      throw new Error(`${name} did not assemble cleanly: ${JSON.stringify(found.issues)}`);
    }
    const operations = STREAMS * events.length;
    const baseline = await repeat(
      async () => {
        for (let i = 0; i < STREAMS; i++) await drain(events);
      },
      { operations },
    );
    const { wallUs } = await repeat(
      async () => {
        for (let i = 0; i < STREAMS; i++) await drain(parseToolCallStream(events));
      },
      { operations },
    );
    const medianUs = median(wallUs);
    const baselineMedianUs = median(baseline.wallUs);
    rows.push({
      name: `stream: ${name}, per chunk`,
      medianUs: round(medianUs),
      p99Us: round(percentile(wallUs, 99)),
      opsPerSec: Math.round(1e6 / medianUs),
      baseline: 'for await over the same events (no parsing)',
      baselineMedianUs: round(baselineMedianUs),
      ratio: round(medianUs / baselineMedianUs),
      notes: `${events.length} chunks, ${streams.callCount} calls per stream; ops/s = chunks/s`,
    });
  }
  rows.push(...(await timeToLastResult()), await startDelay());
  return rows;
}

const tool = (name, ms, onStart) =>
  defineTool({
    name,
    description: name,
    inputSchema: { type: 'object' },
    execute: async () => {
      onStart?.();
      await new Promise((resolve) => setTimeout(resolve, ms));
      return 'ok';
    },
  });

function processorWith(ms, onStart) {
  const registry = createRegistry();
  registry.register(
    tool('get_weather', ms, onStart),
    tool('search', ms, onStart),
    tool('convert', ms, onStart),
  );
  return createProcessor({ registry });
}

/** The recorded stream, one event every `gapMs` (a model emitting tokens). */
async function* paced(events, gapMs, onEvent) {
  for (const event of events) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    onEvent?.();
    yield event;
  }
}

/** Milliseconds from the start to the first and to the last result. */
async function timed(results) {
  const started = performance.now();
  let first;
  for await (const _ of results) first ??= performance.now() - started;
  return { first, last: performance.now() - started };
}

async function* assembledThenProcessed(processor, source) {
  const all = [];
  for await (const event of source) all.push(event);
  yield* await processor.process(all);
}

async function timeToLastResult() {
  const events = streams.anthropicStream();
  const processor = processorWith(50);
  const runs = 7;
  const gapMs = 5;
  const streamed = [];
  const assembled = [];
  for (let run = 0; run < runs; run++) {
    streamed.push(await timed(processor.stream(paced(events, gapMs))));
    assembled.push(await timed(assembledThenProcessed(processor, paced(events, gapMs))));
  }
  await processor.close();
  const what = `3 calls of 50 ms, ${events.length} events ${gapMs} ms apart (median of ${runs})`;
  return ['first', 'last'].map((which) => {
    const streamedMs = median(streamed.map((times) => times[which]));
    const assembledMs = median(assembled.map((times) => times[which]));
    return {
      name: `stream: time to the ${which} result, ${what}`,
      medianUs: round(streamedMs * 1000),
      baseline: 'assemble the whole stream, then process()',
      baselineMedianUs: round(assembledMs * 1000),
      ratio: round(streamedMs / assembledMs),
      notes: `processor.stream() saves ${round(assembledMs - streamedMs)} ms`,
    };
  });
}

async function startDelay() {
  const events = streams.anthropicStream();
  const delays = [];
  let lastEventAt = 0;
  const stops = new Set(
    events.flatMap((event, index) => (event.type === 'content_block_stop' ? [index] : [])),
  );
  const processor = processorWith(0, () => delays.push((performance.now() - lastEventAt) * 1000));
  for (let run = 0; run < STREAMS; run++) {
    let index = 0;
    async function* source() {
      for (const event of events) {
        // The argument JSON closes one delta before content_block_stop: time from that delta.
        if (stops.has(index + 1)) lastEventAt = performance.now();
        index++;
        yield event;
      }
    }
    await drain(processor.stream(source()));
  }
  await processor.close();
  return {
    name: "stream: delay from a call's last argument chunk to its execution start",
    medianUs: round(median(delays)),
    p99Us: round(percentile(delays, 99)),
    notes: `${delays.length} calls; goal ≤ 50 µs`,
  };
}

function round(value) {
  return Math.round(value * 100) / 100;
}
