import type { ToolResult } from '@tp/core';
import { MCP_RUNTIME } from '../client/mcp-tool-source.js';
import { type CallToolResult, isCallToolResult } from '../sdk/sdk-adapter.js';

/**
 * The upstream server's own result of a proxied (`mcp` runtime) call, to pass on unchanged: a
 * success is the upstream CallToolResult (every content block with its annotations,
 * structuredContent, _meta); a tool-level failure keeps the upstream's content and _meta as they
 * were (no code in front of its text) and carries our error in structuredContent, as a native
 * failure does. Undefined for anything else (native tools, transport failures, a value cached by
 * a plain call), which is rendered as a tp value.
 */
export function upstreamCallToolResult(result: ToolResult): CallToolResult | undefined {
  if (result.runtime !== MCP_RUNTIME) return undefined;
  if (result.ok) return isCallToolResult(result.value) ? result.value : undefined;
  const error = result.error;
  const { failure, content, _meta, ...details } = (error?.details ?? {}) as Record<string, unknown>;
  if (!error || failure !== 'tool' || !Array.isArray(content)) return undefined;
  const failed = { isError: true, content, ...(_meta ? { _meta } : {}) };
  if (!isCallToolResult(failed)) return undefined;
  return {
    ...failed,
    structuredContent: {
      error: {
        code: error.code,
        category: error.category,
        message: error.message,
        retryable: error.retryable,
        details,
      },
    },
  };
}
