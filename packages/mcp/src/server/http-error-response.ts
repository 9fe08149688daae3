import type { ServerResponse } from 'node:http';

/**
 * Answers an HTTP request with a JSON-RPC error (id null), the shape MCP clients read from a
 * rejected Streamable HTTP request. `code` (ours, stable) goes in `error.data.code`.
 */
export function sendJsonRpcError(
  response: ServerResponse,
  status: number,
  message: string,
  data?: { readonly code: string } & Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(
    JSON.stringify({
      jsonrpc: '2.0',
      error: { code: -32000, message, ...(data ? { data } : {}) },
      id: null,
    }),
  );
}
