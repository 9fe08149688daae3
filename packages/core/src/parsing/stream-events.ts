import { isRecord } from './call-shape.js';

const ANTHROPIC_EVENTS = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
]);
const BEDROCK_EVENTS = [
  'contentBlockStart',
  'contentBlockDelta',
  'contentBlockStop',
  'messageStart',
];

/**
 * What kind of provider streaming event `value` is, or undefined. Such events carry pieces of
 * calls (argument deltas), not calls: parsed one by one they would silently give nothing.
 */
export function streamEventKind(value: Readonly<Record<string, unknown>>): string | undefined {
  const { type } = value;
  if (typeof type === 'string') {
    if (type.startsWith('response.')) return 'OpenAI Responses stream events';
    if (ANTHROPIC_EVENTS.has(type)) return 'Anthropic Messages stream events';
    return undefined;
  }
  if (value.object === 'chat.completion.chunk') return 'OpenAI Chat Completions stream chunks';
  const choices = value.choices;
  if (Array.isArray(choices) && isRecord(choices[0]) && isRecord(choices[0].delta)) {
    return 'OpenAI Chat Completions stream chunks';
  }
  if (BEDROCK_EVENTS.some((key) => isRecord(value[key]))) return 'Bedrock ConverseStream events';
  return undefined;
}
