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
 * The value of a tools/call result: structured content when present, the text when the result is
 * a single text block, the content blocks otherwise. An isError result throws: with our code when
 * the server is a tp server, TOOL_EXECUTION_FAILED otherwise.
 */
export function resultValue(server: string, tool: string, result: CallToolResult): unknown {
  if (result.isError) {
    const payload = errorPayload(result);
    if (payload) {
      throw new TpError({
        code: payload.code,
        message: payload.message,
        ...(isErrorCode(payload.code)
          ? {}
          : payload.category
            ? { category: payload.category }
            : {}),
        ...(payload.retryable !== undefined ? { retryable: payload.retryable } : {}),
        details: { ...payload.details, server, remoteTool: tool },
      });
    }
    const text = textOf(result);
    // SDK-built servers report their own argument validation as an isError result whose text
    // starts with the JSON-RPC invalid-params code.
    const invalidParams = /^MCP error -32602\b/.test(text);
    throw new TpError({
      code: invalidParams ? 'TOOL_VALIDATION_ERROR' : 'TOOL_EXECUTION_FAILED',
      message: text || `[tp:mcp] ${server}/${tool} reported an error`,
      details: { server, remoteTool: tool, content: result.content },
    });
  }
  if (result.structuredContent !== undefined) return result.structuredContent;
  const content = result.content ?? [];
  if (content.length === 1 && content[0]?.type === 'text')
    return (content[0] as { text: string }).text;
  return content;
}
