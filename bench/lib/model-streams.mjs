// Three-call model streams for the streaming benches, built the way each provider streams:
// arguments split into small deltas.

const calls = [
  ['get_weather', { location: 'San Francisco, CA', unit: 'celsius', note: 'he said "hi" {ok}' }],
  ['search', { query: 'best ramen in 東京', limit: 5, filters: { open_now: true } }],
  ['convert', { amount: 12, from: 'EUR', to: 'USD' }],
];
const pieces = (text, size = 8) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
    text.slice(i * size, i * size + size),
  );

export const callCount = calls.length;

export function openaiChatStream() {
  const chunk = (delta, finish = null) => ({
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const events = [];
  calls.forEach(([name, args], index) => {
    events.push(
      chunk({
        tool_calls: [
          { index, id: `call_${index}`, type: 'function', function: { name, arguments: '' } },
        ],
      }),
    );
    for (const piece of pieces(JSON.stringify(args))) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  events.push(chunk({}, 'tool_calls'));
  return events;
}

export function anthropicStream() {
  const events = [
    { type: 'message_start', message: { id: 'msg', role: 'assistant', content: [] } },
  ];
  calls.forEach(([name, args], index) => {
    events.push({
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: `toolu_${index}`, name, input: {} },
    });
    for (const piece of pieces(JSON.stringify(args))) {
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: piece },
      });
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({ type: 'message_stop' });
  return events;
}

export function responsesStream() {
  const events = [];
  calls.forEach(([name, args], index) => {
    const id = `fc_${index}`;
    const text = JSON.stringify(args);
    events.push({
      type: 'response.output_item.added',
      output_index: index,
      item: { type: 'function_call', id, call_id: `call_${index}`, name, arguments: '' },
    });
    for (const delta of pieces(text))
      events.push({
        type: 'response.function_call_arguments.delta',
        output_index: index,
        item_id: id,
        delta,
      });
    events.push({
      type: 'response.function_call_arguments.done',
      output_index: index,
      item_id: id,
      arguments: text,
    });
  });
  return events;
}

export function bedrockStream() {
  const events = [{ messageStart: { role: 'assistant' } }];
  calls.forEach(([name, args], index) => {
    events.push({
      contentBlockStart: {
        contentBlockIndex: index,
        start: { toolUse: { toolUseId: `t${index}`, name } },
      },
    });
    for (const input of pieces(JSON.stringify(args)))
      events.push({
        contentBlockDelta: { contentBlockIndex: index, delta: { toolUse: { input } } },
      });
    events.push({ contentBlockStop: { contentBlockIndex: index } });
  });
  events.push({ messageStop: { stopReason: 'tool_use' } });
  return events;
}

export function geminiStream() {
  return calls.map(([name, args]) => ({
    candidates: [{ content: { role: 'model', parts: [{ functionCall: { name, args } }] } }],
  }));
}

/** Hermes text, 4 characters per delta (about one token each). */
export function hermesTextStream() {
  const text = `Let me check those for you.\n${calls
    .map(
      ([name, args]) =>
        `<tool_call>{"name": "${name}", "arguments": ${JSON.stringify(args)}}</tool_call>\n`,
    )
    .join('')}Done.`;
  return pieces(text, 4);
}
