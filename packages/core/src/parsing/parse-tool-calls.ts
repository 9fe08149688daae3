import type { ToolCall } from '../contracts/tool-call.js';
import type { ParseIssue } from './parse-issue.js';

export interface ParseResult {
  readonly calls: ToolCall[];
  readonly issues: ParseIssue[];
}

// FOUNDATION BOOTSTRAP: only already-structured calls; the dialect parsers replace this module.
export function parseToolCalls(input: unknown): ParseResult {
  const items = Array.isArray(input) ? input : [input];
  const calls: ToolCall[] = [];
  const issues: ParseIssue[] = [];
  for (const item of items) {
    if (item && typeof item === 'object' && typeof (item as ToolCall).tool === 'string') {
      calls.push(item as ToolCall);
    } else if (typeof item !== 'string') {
      issues.push({ code: 'PARSER_ERROR', dialect: 'structured', message: 'not a tool call' });
    }
  }
  return { calls, issues };
}
