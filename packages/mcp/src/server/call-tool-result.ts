import type { ToolResult } from '@tp/core';
import type { CallToolResult } from '../sdk/sdk-adapter.js';

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

/**
 * A processor result as an MCP tools/call result. Failures are isError results whose
 * structuredContent carries our error (code, category, retryable), so a tp client gets the same
 * code back and any other client reads the text. A success is structured when it is an object,
 * or whatever it is when the tool declares an outputSchema (the SDK's projection then wraps a
 * non-object as `{ result }` where the negotiated protocol needs it).
 */
export function toCallToolResult(result: ToolResult, hasOutputSchema = false): CallToolResult {
  if (!result.ok) {
    const error = result.error ?? {
      code: 'TOOL_EXECUTION_FAILED',
      category: 'execution',
      message: 'failed',
      retryable: false,
    };
    return {
      isError: true,
      content: [{ type: 'text', text: `${error.code}: ${error.message}` }],
      structuredContent: {
        error: {
          code: error.code,
          category: error.category,
          message: error.message,
          retryable: error.retryable,
          ...(error.details ? { details: error.details } : {}),
        },
      },
    };
  }
  const value = result.value;
  const structured =
    (hasOutputSchema && value !== undefined) ||
    (typeof value === 'object' && value !== null && !Array.isArray(value));
  return {
    content: [{ type: 'text', text: text(value) }],
    ...(structured ? { structuredContent: value as Record<string, unknown> } : {}),
  };
}
