import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProcessor, createRegistry, defineTool } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { createMcpServer } from '../server/create-mcp-server.js';
import { createStreamManager } from './stream-manager.js';

/** Resolves when `condition` holds, checking every 10 ms. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('closing a StreamManager with a Streamable HTTP upstream', () => {
  it('ends every HTTP request it opened, the long-lived GET stream included', async () => {
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'ping',
        description: 'pong',
        inputSchema: { type: 'object' },
        execute: () => 'pong',
      }),
    );
    const processor = createProcessor({ registry });
    const mcp = createMcpServer({ processor });
    const open = new Set<IncomingMessage>();
    const gets: IncomingMessage[] = [];
    const http = createServer((request, response) => {
      open.add(request);
      if (request.method === 'GET') gets.push(request);
      response.on('close', () => open.delete(request));
      void mcp.handleHttpRequest(request, response);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
    try {
      const manager = createStreamManager({
        registry: createRegistry(),
        snapshotStore: false,
        servers: { remote: { url } },
      });
      await manager.start();
      expect(await manager.callTool('remote', 'ping')).toBe('pong');
      // The SDK opens its standalone SSE stream (GET) after the handshake.
      await until(() => gets.length > 0);
      expect(open.size).toBeGreaterThan(0);
      await manager.close();
      // Before the fix the GET outlived close() for as long as the server kept it (forever).
      await until(() => open.size === 0);
      expect(open.size).toBe(0);
    } finally {
      await mcp.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      await processor.close();
    }
  }, 20_000);
});
