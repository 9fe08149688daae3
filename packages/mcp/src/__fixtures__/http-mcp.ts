// What the Streamable HTTP tests share: the raw initialize request and a createMcpServer with one
// `ping` tool on a free 127.0.0.1 port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProcessor, createRegistry, defineTool, type Processor } from '@tp/core';
import {
  type CreateMcpServerOptions,
  createMcpServer,
  type McpServerHandle,
} from '../server/create-mcp-server.js';

export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 't', version: '1' },
  },
});

/** The headers a Streamable HTTP POST must carry. */
export const MCP_POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
} as const;

export interface PingServer {
  readonly mcp: McpServerHandle;
  readonly http: Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** createMcpServer over a `ping` → "pong" tool; `observe` sees every request before it is served. */
export async function startPingServer(
  options: Omit<CreateMcpServerOptions, 'processor'> = {},
  observe?: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<PingServer> {
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'ping',
      description: 'pong',
      inputSchema: { type: 'object' },
      execute: () => 'pong',
    }),
  );
  const processor: Processor = createProcessor({ registry });
  const mcp = createMcpServer({ processor, ...options });
  const http = createServer((request, response) => {
    observe?.(request, response);
    void mcp.handleHttpRequest(request, response);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    mcp,
    http,
    port,
    url: `http://127.0.0.1:${port}/mcp`,
    async close() {
      await mcp.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      await processor.close();
    },
  };
}
