import type { ToolCall } from '../contracts/tool-call.js';
import { finalizeCalls } from './finalize-calls.js';
import type { ParseIssue } from './parse-issue.js';
import { type ParseOptions, readInput } from './parser.js';
import { assembleEvents, isStreamEventList } from './stream/assemble-events.js';

export { DEFAULT_MAX_ISSUES, DEFAULT_MAX_TEXT_LENGTH, type ParseOptions } from './parser.js';

export interface ParseResult {
  readonly calls: ToolCall[];
  readonly issues: ParseIssue[];
}

/**
 * Finds the tool calls in model output: text in any supported dialect, a provider response
 * object, a ToolCall or an array of them, or a list of provider stream events (assembled as
 * parseToolCallStream would). Never throws: whatever cannot be read becomes an issue saying
 * what and where.
 */
export function parseToolCalls(input: unknown, options?: ParseOptions): ParseResult {
  if (isStreamEventList(input)) return assembleEvents(input, options);
  const { calls, issues } = readInput(input, options);
  return { calls: finalizeCalls(calls), issues };
}
