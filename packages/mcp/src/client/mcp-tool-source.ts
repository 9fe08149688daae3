/** The `source` of an MCP tool definition: which server runs it, under which remote name. */
export interface McpToolSource {
  readonly server: string;
  readonly tool: string;
}

export const MCP_RUNTIME = 'mcp';

export function isMcpToolSource(value: unknown): value is McpToolSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as McpToolSource).server === 'string' &&
    typeof (value as McpToolSource).tool === 'string'
  );
}
