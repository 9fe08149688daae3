import { describe, expect, it } from 'vitest';
import { parseToolCalls } from './parse-tool-calls.js';

// Issue 9: every dialect scans in linear time. Each dialect gets the input that used to cost it
// the most (openers without closers, unterminated nesting, repeated ids...) at 100K and 1M
// characters; the 1M parse must take at most ~15x the 100K one (bound 20x, see RATIO).

const SMALL = 100_000;
const LARGE = 1_000_000;
// ~15x: linear code measures 3-17x here (10x the data, plus a garbage collector and caches
// that work harder on 10x the objects: e.g. 16,000 Anthropic blocks, ~15x); quadratic code
// measured 78-84x. 20 keeps a clear gap to both on a busy shared machine.
const RATIO = 20;

/** `unit` repeated to `size` characters, then `tail`. */
const text =
  (unit: string, tail = '') =>
  (size: number) =>
    unit.repeat(Math.ceil((size - tail.length) / unit.length)).slice(0, size - tail.length) + tail;

/** `count(size)` copies of `item(index)`, for structured input of about `size` JSON characters. */
const items =
  <T>(item: () => T) =>
  (size: number) =>
    Array.from({ length: Math.floor(size / (JSON.stringify(item()).length + 1)) }, item);

const BEGIN = '<｜tool▁call▁begin｜>';

const worstCases: ReadonlyArray<readonly [string, (size: number) => unknown]> = [
  ['structured', items(() => ({ tool: 'roll', arguments: { sides: 6 } }))],
  [
    'openai-chat',
    (size) => ({
      role: 'assistant',
      content: null,
      tool_calls: items(() => ({
        id: 'same',
        type: 'function',
        function: { name: 'f', arguments: '{"a": "' },
      }))(size),
    }),
  ],
  [
    'openai-responses',
    (size) => ({
      output: items(() => ({ type: 'function_call', call_id: 'same', name: 'f' }))(size),
    }),
  ],
  [
    'anthropic',
    (size) => ({
      role: 'assistant',
      content: items(() => ({ type: 'tool_use', id: 'same', name: 'f', input: {} }))(size),
    }),
  ],
  [
    'bedrock',
    (size) => ({
      output: {
        message: {
          role: 'assistant',
          content: items(() => ({ toolUse: { toolUseId: 'same', name: 'f', input: {} } }))(size),
        },
      },
    }),
  ],
  [
    'gemini',
    (size) => ({
      candidates: [{ content: { parts: items(() => ({ functionCall: { name: 'f' } }))(size) } }],
    }),
  ],
  ['anthropic-xml', text('<invoke name="a"><parameter name="p">x</invoke>', '</parameter>')],
  ['xml-tool', text('<tool name="a">', '</tool>')],
  ['hermes', text('<tool_call><function=f><parameter=a>')],
  ['mistral', text('[TOOL_CALLS]f[ARGS]{"a":"')],
  ['llama', text('<|python_tag|>{"')],
  ['deepseek', text(BEGIN)],
  ['harmony', text('<|start|>assistant to=functions.f<|message|>{"a": [')],
  ['harmony, no recipient', text('<|start|>assistant<|channel|>final<|message|>x')],
  ['pythonic', text('\n[f(a=[1, ')],
  ['pythonic, long lists', text('\n[f(a=1), g(b="x"), ')],
  ['markdown-json', text('```json\n{"name":"')],
  ['json', text('[{"name":"')],
];

/**
 * CPU microseconds per parse (this process's, so other work on a shared machine does not count),
 * looping for at least 20 ms so that a fast parse is measured too.
 */
function timePerParse(input: unknown): number {
  let runs = 0;
  const started = process.cpuUsage();
  let elapsed = 0;
  do {
    parseToolCalls(input);
    runs++;
    const used = process.cpuUsage(started);
    elapsed = used.user + used.system;
  } while (elapsed < 20_000);
  return elapsed / runs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

describe('parsing time is linear in the input', () => {
  it.each(worstCases)(
    '%s: 1M characters take at most ~15x the time of 100K',
    (_, make) => {
      const small = make(SMALL);
      const large = make(LARGE);
      const size = (input: unknown) =>
        typeof input === 'string' ? input.length : JSON.stringify(input).length;
      expect(size(large)).toBeGreaterThan(0.9 * LARGE);
      expect(size(small)).toBeLessThan(1.1 * SMALL);
      timePerParse(small);
      timePerParse(large);
      // A shared machine can stay busy for a while: up to three attempts, each the median of
      // five interleaved runs (so a load change moves both sides alike). Quadratic code fails
      // all three by a wide margin (about 100x).
      const ratios: number[] = [];
      while (ratios.length < 3 && !ratios.some((ratio) => ratio < RATIO)) {
        const smallTimes: number[] = [];
        const largeTimes: number[] = [];
        for (let run = 0; run < 5; run++) {
          smallTimes.push(timePerParse(small));
          largeTimes.push(timePerParse(large));
        }
        ratios.push(median(largeTimes) / median(smallTimes));
      }
      const summary = `1M/100K = ${ratios.map((ratio) => ratio.toFixed(1)).join(', ')}`;
      expect(Math.min(...ratios), summary).toBeLessThan(RATIO);
    },
    120_000,
  );
});
