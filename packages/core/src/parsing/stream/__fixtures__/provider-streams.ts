// Recorded-shape streams of three tool calls per provider, written from the providers'
// documented event formats: get_weather(Paris), get_time(Europe/Paris), convert(12 EUR→USD).

export interface ExpectedCall {
  readonly id: string;
  readonly tool: string;
  readonly arguments: Record<string, unknown>;
}

const chunk = (choice: Record<string, unknown>) => ({
  id: 'chatcmpl-9',
  object: 'chat.completion.chunk',
  created: 1733140000,
  model: 'gpt-4.1',
  choices: [{ index: 0, ...choice }],
});
const toolDelta = (index: number, fn: Record<string, unknown>, id?: string) =>
  chunk({
    delta: { tool_calls: [{ index, ...(id ? { id, type: 'function' } : {}), function: fn }] },
    finish_reason: null,
  });

/** OpenAI Chat Completions: calls 0 and 1 interleaved by index, call 2 after them. */
export const openaiChat = {
  events: [
    chunk({ delta: { role: 'assistant', content: null }, finish_reason: null }),
    toolDelta(0, { name: 'get_weather', arguments: '' }, 'call_w'),
    toolDelta(0, { arguments: '{"city": "Pa' }),
    toolDelta(1, { name: 'get_time', arguments: '' }, 'call_t'),
    toolDelta(1, { arguments: '{"zone": "Europe/' }),
    toolDelta(0, { arguments: 'ris"}' }),
    toolDelta(1, { arguments: 'Paris"}' }),
    toolDelta(2, { name: 'convert', arguments: '{"amount": 12, ' }, 'call_c'),
    toolDelta(2, { arguments: '"from": "EUR", "to": "USD"}' }),
    chunk({ delta: {}, finish_reason: 'tool_calls' }),
  ],
  /** Index of the event after which each call is complete. */
  completeAfter: [5, 6, 8],
  calls: [
    { id: 'call_w', tool: 'get_weather', arguments: { city: 'Paris' } },
    { id: 'call_t', tool: 'get_time', arguments: { zone: 'Europe/Paris' } },
    { id: 'call_c', tool: 'convert', arguments: { amount: 12, from: 'EUR', to: 'USD' } },
  ] satisfies ExpectedCall[],
};

const added = (index: number, id: string, callId: string, name: string) => ({
  type: 'response.output_item.added',
  output_index: index,
  item: { type: 'function_call', id, call_id: callId, name, arguments: '', status: 'in_progress' },
});
const argsDelta = (index: number, id: string, delta: string) => ({
  type: 'response.function_call_arguments.delta',
  output_index: index,
  item_id: id,
  delta,
});
const argsDone = (index: number, id: string, args: string) => ({
  type: 'response.function_call_arguments.done',
  output_index: index,
  item_id: id,
  arguments: args,
});
const itemDone = (index: number, id: string, callId: string, name: string, args: string) => ({
  type: 'response.output_item.done',
  output_index: index,
  item: { type: 'function_call', id, call_id: callId, name, arguments: args, status: 'completed' },
});

/** OpenAI Responses API. */
export const openaiResponses = {
  events: [
    { type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } },
    added(0, 'fc_1', 'call_w', 'get_weather'),
    argsDelta(0, 'fc_1', '{"city":'),
    argsDelta(0, 'fc_1', '"Paris"}'),
    argsDone(0, 'fc_1', '{"city":"Paris"}'),
    itemDone(0, 'fc_1', 'call_w', 'get_weather', '{"city":"Paris"}'),
    added(1, 'fc_2', 'call_t', 'get_time'),
    argsDelta(1, 'fc_2', '{"zone":"Europe/Paris"}'),
    argsDone(1, 'fc_2', '{"zone":"Europe/Paris"}'),
    itemDone(1, 'fc_2', 'call_t', 'get_time', '{"zone":"Europe/Paris"}'),
    added(2, 'fc_3', 'call_c', 'convert'),
    argsDelta(2, 'fc_3', '{"amount":12,"from":"EUR",'),
    argsDelta(2, 'fc_3', '"to":"USD"}'),
    argsDone(2, 'fc_3', '{"amount":12,"from":"EUR","to":"USD"}'),
    itemDone(2, 'fc_3', 'call_c', 'convert', '{"amount":12,"from":"EUR","to":"USD"}'),
    { type: 'response.completed', response: { id: 'resp_1', status: 'completed' } },
  ],
  completeAfter: [3, 7, 12],
  calls: openaiChat.calls,
};

const blockStart = (index: number, id: string, name: string) => ({
  type: 'content_block_start',
  index,
  content_block: { type: 'tool_use', id, name, input: {} },
});
const jsonDelta = (index: number, partial: string) => ({
  type: 'content_block_delta',
  index,
  delta: { type: 'input_json_delta', partial_json: partial },
});

/** Anthropic Messages, with a text block first. */
export const anthropic = {
  events: [
    {
      type: 'message_start',
      message: { id: 'msg_1', type: 'message', role: 'assistant', content: [] },
    },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me check.' } },
    { type: 'content_block_stop', index: 0 },
    blockStart(1, 'toolu_w', 'get_weather'),
    jsonDelta(1, ''),
    jsonDelta(1, '{"city": "Par'),
    jsonDelta(1, 'is"}'),
    { type: 'content_block_stop', index: 1 },
    blockStart(2, 'toolu_t', 'get_time'),
    jsonDelta(2, '{"zone": "Europe/Paris"}'),
    { type: 'content_block_stop', index: 2 },
    blockStart(3, 'toolu_c', 'convert'),
    jsonDelta(3, '{"amount": 12, "from": "EUR"'),
    jsonDelta(3, ', "to": "USD"}'),
    { type: 'content_block_stop', index: 3 },
    { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 80 } },
    { type: 'message_stop' },
  ],
  completeAfter: [7, 10, 14],
  calls: [
    { id: 'toolu_w', tool: 'get_weather', arguments: { city: 'Paris' } },
    { id: 'toolu_t', tool: 'get_time', arguments: { zone: 'Europe/Paris' } },
    { id: 'toolu_c', tool: 'convert', arguments: { amount: 12, from: 'EUR', to: 'USD' } },
  ] satisfies ExpectedCall[],
};

const geminiChunk = (parts: unknown[]) => ({
  candidates: [{ content: { role: 'model', parts }, index: 0 }],
  modelVersion: 'gemini-2.5-flash',
});

/** Gemini streamGenerateContent: whole function calls per chunk. */
export const gemini = {
  events: [
    geminiChunk([{ text: 'Checking ' }]),
    geminiChunk([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }]),
    geminiChunk([
      { functionCall: { name: 'get_time', args: { zone: 'Europe/Paris' } } },
      { functionCall: { name: 'convert', args: { amount: 12, from: 'EUR', to: 'USD' } } },
    ]),
    { ...geminiChunk([]), usageMetadata: { totalTokenCount: 90 } },
  ],
  completeAfter: [1, 2, 2],
  calls: [
    { id: 'call_1', tool: 'get_weather', arguments: { city: 'Paris' } },
    { id: 'call_2', tool: 'get_time', arguments: { zone: 'Europe/Paris' } },
    { id: 'call_3', tool: 'convert', arguments: { amount: 12, from: 'EUR', to: 'USD' } },
  ] satisfies ExpectedCall[],
};

const bStart = (index: number, id: string, name: string) => ({
  contentBlockStart: { contentBlockIndex: index, start: { toolUse: { toolUseId: id, name } } },
});
const bDelta = (index: number, input: string) => ({
  contentBlockDelta: { contentBlockIndex: index, delta: { toolUse: { input } } },
});
const bStop = (index: number) => ({ contentBlockStop: { contentBlockIndex: index } });

/** Amazon Bedrock ConverseStream. */
export const bedrock = {
  events: [
    { messageStart: { role: 'assistant' } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'One moment.' } } },
    bStop(0),
    bStart(1, 'tooluse_w', 'get_weather'),
    bDelta(1, '{"city": '),
    bDelta(1, '"Paris"}'),
    bStop(1),
    bStart(2, 'tooluse_t', 'get_time'),
    bDelta(2, '{"zone": "Europe/Paris"}'),
    bStop(2),
    bStart(3, 'tooluse_c', 'convert'),
    bDelta(3, '{"amount": 12, "from": "EUR", "to": "USD"}'),
    bStop(3),
    { messageStop: { stopReason: 'tool_use' } },
    { metadata: { usage: { inputTokens: 10, outputTokens: 40 } } },
  ],
  completeAfter: [5, 8, 11],
  calls: [
    { id: 'tooluse_w', tool: 'get_weather', arguments: { city: 'Paris' } },
    { id: 'tooluse_t', tool: 'get_time', arguments: { zone: 'Europe/Paris' } },
    { id: 'tooluse_c', tool: 'convert', arguments: { amount: 12, from: 'EUR', to: 'USD' } },
  ] satisfies ExpectedCall[],
};

export const providerStreams = { openaiChat, openaiResponses, anthropic, gemini, bedrock };

/** Model text with calls in each text dialect (split anywhere by the tests). */
export const textStreams: ReadonlyArray<readonly [string, string]> = [
  [
    'hermes',
    'Sure — ünïcødé 🚀 first.\n<tool_call>{"name": "get_weather", "arguments": {"city": "Paris </tool_call> é"}}</tool_call>\n<tool_call>{"name": "get_time", "arguments": {"zone": "Europe/Paris"}}</tool_call>\nDone.',
  ],
  [
    'qwen3-coder',
    '<tool_call>\n<function=get_weather>\n<parameter=city>\nSão Paulo\n</parameter>\n</function>\n</tool_call> then',
  ],
  ['mistral', '[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris 🚀"}}]'],
  ['llama', '<|python_tag|>{"name": "get_time", "parameters": {"zone": "Asia/東京"}}<|eom_id|>'],
  [
    'markdown-json',
    'Here:\n```json\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n```\nand done',
  ],
  ['json', '{"name": "convert", "arguments": {"amount": 12, "from": "EUR", "to": "USD"}}'],
  [
    'anthropic-xml',
    '<function_calls><invoke name="get_weather"><parameter name="city">Paris</parameter></invoke></function_calls>',
  ],
  ['xml-tool', 'Calling <tool name="get_time" zone="Europe/Paris"/> now'],
  ['pythonic', '[get_weather(city="Zürich"), convert(amount=12, pair=("EUR", "USD"), exact=True)]'],
  [
    'harmony',
    '<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{"city":"Paris <|call|> 🚀"}<|call|><|start|>assistant to=functions.get_time<|channel|>commentary<|message|>{"zone": "UTC"}<|call|>',
  ],
];
