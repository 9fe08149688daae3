import type { ToolDefinition } from '@tp/core';
import type { ToolNameCodec } from '../naming/tool-name-codec.js';
import type { SdkTool } from '../sdk/sdk-adapter.js';

/**
 * The outputSchema a tool is listed with (undefined when it has none). tools/call passes the same
 * object to the SDK's result projection, which wraps non-object roots for older protocol eras.
 */
export function listedOutputSchema(tool: ToolDefinition): Record<string, unknown> | undefined {
  const schema: unknown = tool.outputSchema;
  return typeof schema === 'object' && schema !== null && !Array.isArray(schema)
    ? (schema as Record<string, unknown>)
    : undefined;
}

/**
 * A registry tool as a tools/list entry. An upstream MCP tool is listed as its server listed it
 * (under our name; its outputSchema only when the registry accepted one); a native tool gets its
 * JSON Schema plus the hints MCP clients read.
 */
export function toListedTool(tool: ToolDefinition, codec: ToolNameCodec): SdkTool {
  const upstream = (tool.metadata?.mcp as { listing?: SdkTool } | undefined)?.listing;
  if (upstream) {
    const { outputSchema, ...listing } = upstream;
    const keepsOutput = outputSchema !== undefined && listedOutputSchema(tool) !== undefined;
    return { ...listing, name: codec.encode(tool), ...(keepsOutput ? { outputSchema } : {}) };
  }
  const schema = tool.inputSchema as Record<string, unknown>;
  const title = (tool.metadata?.mcp as { title?: unknown } | undefined)?.title;
  const outputSchema = listedOutputSchema(tool);
  return {
    name: codec.encode(tool),
    ...(typeof title === 'string' ? { title } : {}),
    description: tool.description,
    inputSchema: { ...schema, type: 'object' } as SdkTool['inputSchema'],
    ...(outputSchema ? { outputSchema } : {}),
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
