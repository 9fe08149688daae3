// Parser throughput (issue 2): calls/s of parseToolCalls for a typical message of each dialect,
// beside a raw baseline, JSON.parse of the same arguments (the least any parser must do).
import { parseToolCalls } from '../packages/core/dist/index.js';
import { median, percentile, repeat } from './lib/measure.mjs';
import { streamingRows } from './lib/streaming-rows.mjs';

const OPERATIONS = 2_000;

const weather = { location: 'San Francisco, CA', unit: 'celsius', note: 'he said "hi" {ok}' };
const search = { query: 'best ramen in 東京', limit: 5, filters: { open_now: true } };
const args = [weather, search];
const json = args.map((value) => JSON.stringify(value));
const prose = 'Let me look that up for you. I will check the weather and then search.\n';

const messages = {
  'openai-chat': {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_a',
              type: 'function',
              function: { name: 'get_weather', arguments: json[0] },
            },
            {
              id: 'call_b',
              type: 'function',
              function: { name: 'web.search', arguments: json[1] },
            },
          ],
        },
        finish_reason: 'tool_calls',
      },
    ],
  },
  'openai-responses': {
    object: 'response',
    output: [
      { type: 'reasoning', id: 'rs_1', summary: [] },
      { type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: json[0] },
      { type: 'function_call', call_id: 'call_b', name: 'web.search', arguments: json[1] },
    ],
  },
  anthropic: {
    type: 'message',
    role: 'assistant',
    content: [
      { type: 'text', text: prose },
      { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: JSON.parse(json[0]) },
      { type: 'tool_use', id: 'toolu_b', name: 'web.search', input: JSON.parse(json[1]) },
    ],
  },
  gemini: {
    candidates: [
      {
        content: {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: JSON.parse(json[0]) } },
            { functionCall: { name: 'web.search', args: JSON.parse(json[1]) } },
          ],
        },
      },
    ],
  },
  'anthropic-xml': `${prose}<function_calls>\n${[
    ['get_weather', weather],
    ['web.search', search],
  ]
    .map(
      ([name, value]) =>
        `<invoke name="${name}">\n${Object.entries(value)
          .map(
            ([key, v]) =>
              `<parameter name="${key}">${typeof v === 'string' ? v : JSON.stringify(v)}</parameter>\n`,
          )
          .join('')}</invoke>\n`,
    )
    .join('')}</function_calls>`,
  'xml-tool': `${prose}<tool name="get_weather" args='${json[0]}'/>\n<tool name="web.search" args='${json[1]}'/>`,
  hermes: `${prose}<tool_call>\n{"name": "get_weather", "arguments": ${json[0]}}\n</tool_call>\n<tool_call>\n{"name": "web.search", "arguments": ${json[1]}}\n</tool_call>`,
  mistral: `[TOOL_CALLS][{"name": "get_weather", "arguments": ${json[0]}, "id": "a5Bc7dE9f"}, {"name": "web.search", "arguments": ${json[1]}, "id": "Zx8yW7vU6"}]`,
  llama: `<|python_tag|>{"name": "get_weather", "parameters": ${json[0]}}; {"name": "web.search", "parameters": ${json[1]}}<|eom_id|>`,
  deepseek: `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n\`\`\`json\n${json[0]}\n\`\`\`<｜tool▁call▁end｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>web.search\n\`\`\`json\n${json[1]}\n\`\`\`<｜tool▁call▁end｜><｜tool▁calls▁end｜>`,
  'markdown-json': `${prose}\`\`\`json\n[{"name": "get_weather", "arguments": ${json[0]}}, {"name": "web.search", "arguments": ${json[1]}}]\n\`\`\``,
  json: `${prose}{"name": "get_weather", "arguments": ${json[0]}} and then {"tool": "web.search", "args": ${json[1]}}`,
  structured: [
    { id: 'c1', tool: 'get_weather', arguments: weather },
    { id: 'c2', tool: 'web.search', arguments: search },
  ],
};

export async function run() {
  const rows = [];
  for (const [dialect, message] of Object.entries(messages)) {
    const found = parseToolCalls(message);
    if (found.issues.length > 0 || found.calls.length !== args.length) {
      throw new Error(`${dialect} sample did not parse cleanly: ${JSON.stringify(found)}`);
    }
    rows.push(await measure(dialect, message, found.calls.length));
  }
  const plain = `${prose.repeat(50)}Braces {like these} and "quotes" and the name Bob.`;
  rows.push(await measure(`plain prose, ${plain.length} chars, no call`, plain, 0));
  rows.push(...(await streamingRows()));
  return { suite: 'parsers', rows };
}

// The baseline is measured right before each row, so a load change on a shared machine moves
// both sides of the ratio alike.
async function measure(name, message, calls) {
  const baselineMedianUs = median(
    (
      await repeat(
        () => {
          for (let index = 0; index < OPERATIONS; index++)
            for (const text of json) JSON.parse(text);
        },
        { operations: OPERATIONS },
      )
    ).wallUs,
  );
  const { wallUs } = await repeat(
    () => {
      for (let index = 0; index < OPERATIONS; index++) parseToolCalls(message);
    },
    { operations: OPERATIONS },
  );
  const medianUs = median(wallUs);
  return {
    name,
    medianUs: round(medianUs),
    p99Us: round(percentile(wallUs, 99)),
    opsPerSec: Math.round(((calls || 1) * 1e6) / medianUs),
    baseline: `JSON.parse of ${args.length} argument objects`,
    baselineMedianUs: round(baselineMedianUs),
    ratio: round(medianUs / baselineMedianUs),
    notes:
      calls === 0 ? 'messages/s (no call to find)' : `${calls} calls per message; ops/s = calls/s`,
  };
}

function round(value) {
  return Math.round(value * 100) / 100;
}
