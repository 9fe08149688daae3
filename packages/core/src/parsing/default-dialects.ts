import type { ToolCallDialect } from '../contracts/dialect/v1/tool-call-dialect-v1.js';
import { anthropicDialect } from './dialects/anthropic.js';
import { anthropicXmlDialect } from './dialects/anthropic-xml.js';
import { bedrockDialect } from './dialects/bedrock.js';
import { deepseekDialect } from './dialects/deepseek.js';
import { geminiDialect } from './dialects/gemini.js';
import { harmonyDialect } from './dialects/harmony.js';
import { hermesDialect } from './dialects/hermes.js';
import { jsonDialect } from './dialects/json.js';
import { llamaDialect } from './dialects/llama.js';
import { markdownJsonDialect } from './dialects/markdown-json.js';
import { mistralDialect } from './dialects/mistral.js';
import { openaiChatDialect } from './dialects/openai-chat.js';
import { openaiResponsesDialect } from './dialects/openai-responses.js';
import { pythonicDialect } from './dialects/pythonic.js';
import { structuredDialect } from './dialects/structured.js';
import { xmlToolDialect } from './dialects/xml-tool.js';

/**
 * Every dialect tp understands, in precedence order: for a structured value the first dialect
 * that recognises its shape reads it; in text, a region claimed by an earlier dialect is off
 * limits to later ones (so the JSON inside `<tool_call>` is not read again as bare JSON).
 * Specific markers come first, the generic JSON reader last. Adding a dialect: one module, its
 * test, one line here.
 */
export const defaultDialects: readonly ToolCallDialect[] = Object.freeze([
  structuredDialect,
  openaiChatDialect,
  openaiResponsesDialect,
  anthropicDialect,
  geminiDialect,
  bedrockDialect,
  anthropicXmlDialect,
  xmlToolDialect,
  hermesDialect,
  mistralDialect,
  llamaDialect,
  harmonyDialect,
  deepseekDialect,
  pythonicDialect,
  markdownJsonDialect,
  jsonDialect,
]);
