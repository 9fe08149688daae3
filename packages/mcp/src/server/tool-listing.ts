import type { ToolDefinition } from '@tp/core';
import type { ToolNameCodec } from '../naming/tool-name-codec.js';
import type { SdkTool } from '../sdk/sdk-adapter.js';

/** A registry tool as a tools/list entry: JSON Schema plus the hints MCP clients read. */
export function toListedTool(tool: ToolDefinition, codec: ToolNameCodec): SdkTool {
  const schema = tool.inputSchema as Record<string, unknown>;
  const title = (tool.metadata?.mcp as { title?: unknown } | undefined)?.title;
  return {
    name: codec.encode(tool),
    ...(typeof title === 'string' ? { title } : {}),
    description: tool.description,
    inputSchema: { ...schema, type: 'object' } as SdkTool['inputSchema'],
    annotations: {
      ...hintsOf(tool.sideEffect),
      ...(tool.idempotent !== undefined ? { idempotentHint: tool.idempotent } : {}),
    },
  };
}

// Only what we know is said: a tool without a declared side effect gets no hint, so clients
// apply the spec's cautious defaults.
function hintsOf(sideEffect: ToolDefinition['sideEffect']) {
  switch (sideEffect) {
    case 'read_only':
      return { readOnlyHint: true };
    case 'write':
      return { readOnlyHint: false, destructiveHint: false };
    case 'destructive':
      return { readOnlyHint: false, destructiveHint: true };
    default:
      return {};
  }
}
