import { isErrorCode, TpError } from '@tp/core';
import type { CallToolResult } from '../sdk/sdk-adapter.js';

/** Where our own server puts the structured error of an isError result (see server side). */
export interface ErrorPayload {
  readonly error: {
    readonly code: string;
    readonly category?: string;
    readonly message: string;
    readonly retryable?: boolean;
    readonly details?: Record<string, unknown>;
  };
}

function textOf(result: CallToolResult): string {
  return (result.content ?? [])
    .filter((block): block is { type: 'text'; text: string } => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
}

function errorPayload(result: CallToolResult): ErrorPayload['error'] | undefined {
  const candidate = (result.structuredContent as Partial<ErrorPayload> | undefined)?.error;
  return candidate && typeof candidate.code === 'string' && typeof candidate.message === 'string'
    ? candidate
    : undefined;
}

/**
 * Execution-context metadata key: with the value `'mcp'`, an `mcp` runtime call resolves with the
 * upstream's whole CallToolResult (content blocks, structuredContent, _meta) instead of a plain
 * value. createMcpServer sets it so upstream results reach its clients unchanged.
 */
export const MCP_RESULT_FORMAT = 'tp.mcp.resultFormat';

export interface ResultOptions {
  /** `'mcp'`: the CallToolResult itself; `'value'` (default): see resultValue. */
  readonly resultFormat?: 'value' | 'mcp';
  /**
   * The tool is idempotent or read-only, so a transient failure it reports may be retried.
   * Otherwise no tool-level failure is retryable: the tool may have done its work.
   */
  readonly repeatable?: boolean;
}

/**
 * The upstream's isError result as a failure. A tool-level failure (`details.failure: 'tool'`)
 * keeps the upstream's content and _meta in its details. Its code is ours when the server is a tp
 * server, else TOOL_EXECUTION_FAILED (TOOL_VALIDATION_ERROR for an SDK argument rejection); it is
 * retryable only when a tp upstream says the failure is transient and the tool is repeatable.
 */
function toolFailure(
  server: string,
  tool: string,
  result: CallToolResult,
  repeatable: boolean,
): TpError {
  const upstream = {
    server,
    remoteTool: tool,
    failure: 'tool',
    content: result.content,
    ...(result._meta ? { _meta: result._meta } : {}),
  };
  const payload = errorPayload(result);
  if (payload) {
    return new TpError({
      code: payload.code,
      message: payload.message,
      ...(isErrorCode(payload.code) ? {} : payload.category ? { category: payload.category } : {}),
      retryable: repeatable && payload.retryable === true,
      details: { ...payload.details, ...upstream },
    });
  }
  const text = textOf(result);
  // SDK-built servers report their own argument validation as an isError result whose text
  // starts with the JSON-RPC invalid-params code.
  const invalidParams = /^MCP error -32602\b/.test(text);
  return new TpError({
    code: invalidParams ? 'TOOL_VALIDATION_ERROR' : 'TOOL_EXECUTION_FAILED',
    message: text || `[tp:mcp] ${server}/${tool} reported an error`,
    retryable: false,
    details: upstream,
  });
}

/**
 * The value of a tools/call result: structured content when present, the text when the result is
 * a single text block, the content blocks otherwise (with `resultFormat: 'mcp'`, the result
 * itself). An isError result throws (toolFailure).
 */
export function resultValue(
  server: string,
  tool: string,
  result: CallToolResult,
  options: ResultOptions = {},
): unknown {
  if (result.isError) throw toolFailure(server, tool, result, options.repeatable === true);
  if (options.resultFormat === 'mcp') return result;
  if (result.structuredContent !== undefined) return result.structuredContent;
  const content = result.content ?? [];
  if (content.length === 1 && content[0]?.type === 'text')
    return (content[0] as { text: string }).text;
  return content;
}
