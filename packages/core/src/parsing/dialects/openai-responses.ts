import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';

/**
 * OpenAI Responses API: a whole response (`output: [...]`) or one output item
 * `{ type: 'function_call', call_id, name, arguments }`. `call_id` is kept as the id because it
 * is what a `function_call_output` must echo. Message items are content-block lists, read by the
 * Anthropic dialect's block handling; other item types (reasoning, built-in tools) are skipped.
 */
export const openaiResponsesDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'openai-responses',
  readValue(value, reader) {
    if (value.type === 'function_call') {
      reader.call({ id: value.call_id ?? value.id, name: value.name, arguments: value.arguments });
      return true;
    }
    if (Array.isArray(value.output)) {
      value.output.forEach((item, index) => {
        reader.value(item, `.output[${index}]`);
      });
      return true;
    }
    return false;
  },
};
