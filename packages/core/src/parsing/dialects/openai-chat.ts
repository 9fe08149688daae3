import type {
  ToolCallDialect,
  ValueReader,
} from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { isRecord } from '../call-shape.js';

/**
 * OpenAI Chat Completions (and the many OpenAI-compatible servers): a whole response with
 * `choices[].message`, a bare assistant message with `tool_calls` (arguments as a JSON string)
 * or the legacy `function_call`, or one `tool_calls` item.
 */
export const openaiChatDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'openai-chat',
  readValue(value, reader) {
    if (Array.isArray(value.choices)) {
      value.choices.forEach((choice, index) => {
        if (isRecord(choice) && isRecord(choice.message))
          readMessage(choice.message, `.choices[${index}].message`, reader);
      });
      return true;
    }
    if (isMessage(value)) {
      readMessage(value, '', reader);
      return true;
    }
    if (isRecord(value.function) && (value.type === 'function' || value.type === undefined)) {
      readToolCall(value, '', reader);
      return true;
    }
    return false;
  },
};

function isMessage(value: Record<string, unknown>): boolean {
  return (
    Array.isArray(value.tool_calls) ||
    isRecord(value.function_call) ||
    (value.role === 'assistant' && (typeof value.content === 'string' || value.content === null))
  );
}

function readMessage(message: Record<string, unknown>, at: string, reader: ValueReader): void {
  if (Array.isArray(message.tool_calls)) {
    message.tool_calls.forEach((item, index) => {
      readToolCall(item, `${at}.tool_calls[${index}]`, reader);
    });
  }
  const legacy = message.function_call;
  if (isRecord(legacy))
    reader.call({ name: legacy.name, arguments: legacy.arguments }, `${at}.function_call`);
  if (typeof message.content === 'string') reader.text(message.content, `${at}.content`);
  else if (message.content !== undefined && message.content !== null)
    reader.value(message.content, `${at}.content`);
}

function readToolCall(item: unknown, at: string, reader: ValueReader): void {
  if (!isRecord(item) || !isRecord(item.function)) {
    const type = isRecord(item) && typeof item.type === 'string' ? ` of type '${item.type}'` : '';
    reader.issue(
      `unsupported tool call${type}: expected { type: 'function', function: { name, arguments } }`,
      at,
    );
    return;
  }
  reader.call({ id: item.id, name: item.function.name, arguments: item.function.arguments }, at);
}
