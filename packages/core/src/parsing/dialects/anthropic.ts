import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';

/**
 * Anthropic Messages: a whole response or message (`content: [...]` blocks) and single
 * `{ type: 'tool_use', id, name, input }` blocks. Text blocks (also OpenAI's `output_text`) are
 * handed to the text dialects; thinking and server-side tool blocks are skipped.
 */
export const anthropicDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'anthropic',
  readValue(value, reader) {
    if (value.type === 'tool_use') {
      reader.call({ id: value.id, name: value.name, arguments: value.input });
      return true;
    }
    if ((value.type === 'text' || value.type === 'output_text') && typeof value.text === 'string') {
      reader.text(value.text, '.text');
      return true;
    }
    if (
      Array.isArray(value.content) &&
      (value.type === 'message' || typeof value.role === 'string')
    ) {
      value.content.forEach((block, index) => {
        reader.value(block, `.content[${index}]`);
      });
      return true;
    }
    return false;
  },
};
