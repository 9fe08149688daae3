import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { isRecord } from '../call-shape.js';

/**
 * Amazon Bedrock Converse: a whole response (`output.message`), whose message is a content-block
 * list read by the Anthropic dialect's message handling, and its blocks: `{ toolUse: { toolUseId,
 * name, input } }` and `{ text }` (text blocks carry no `type` in Converse).
 */
export const bedrockDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'bedrock',
  readValue(value, reader) {
    if (isRecord(value.output) && isRecord(value.output.message)) {
      reader.value(value.output.message, '.output.message');
      return true;
    }
    if (isRecord(value.toolUse)) {
      const { toolUseId, name, input } = value.toolUse;
      reader.call({ id: toolUseId, name, arguments: input }, '.toolUse');
      return true;
    }
    if (typeof value.text === 'string' && Object.keys(value).length === 1) {
      reader.text(value.text, '.text');
      return true;
    }
    return false;
  },
};
