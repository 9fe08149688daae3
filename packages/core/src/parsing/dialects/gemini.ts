import type {
  ToolCallDialect,
  ValueReader,
} from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { isRecord } from '../call-shape.js';

/**
 * Google Gemini: a whole `generateContent` response (`candidates[].content.parts`), a bare
 * `Content` (`{ role, parts }`), or a part `{ functionCall: { name, args, id? } }`.
 */
export const geminiDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'gemini',
  readValue(value, reader) {
    if (Array.isArray(value.candidates)) {
      value.candidates.forEach((candidate, index) => {
        if (isRecord(candidate) && isRecord(candidate.content)) {
          readParts(candidate.content.parts, `.candidates[${index}].content`, reader);
        }
      });
      return true;
    }
    if (Array.isArray(value.parts)) {
      readParts(value.parts, '', reader);
      return true;
    }
    if (isRecord(value.functionCall)) {
      const call = value.functionCall;
      reader.call({ id: call.id, name: call.name, arguments: call.args }, '.functionCall');
      return true;
    }
    return false;
  },
};

function readParts(parts: unknown, at: string, reader: ValueReader): void {
  if (!Array.isArray(parts)) return;
  parts.forEach((part, index) => {
    if (!isRecord(part)) return;
    const path = `${at}.parts[${index}]`;
    if (isRecord(part.functionCall)) {
      const call = part.functionCall;
      reader.call({ id: call.id, name: call.name, arguments: call.args }, `${path}.functionCall`);
    } else if (typeof part.text === 'string' && part.thought !== true) {
      reader.text(part.text, `${path}.text`);
    }
  });
}
