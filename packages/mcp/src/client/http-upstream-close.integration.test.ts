import type { IncomingMessage } from 'node:http';
import { createRegistry } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { startPingServer } from '../__fixtures__/http-mcp.js';
import { createStreamManager } from './stream-manager.js';

/** Resolves when `condition` holds, checking every 10 ms. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('closing a StreamManager with a Streamable HTTP upstream', () => {
  it('ends every HTTP request it opened, the long-lived GET stream included', async () => {
    const open = new Set<IncomingMessage>();
    const gets: IncomingMessage[] = [];
    const server = await startPingServer({}, (request, response) => {
      open.add(request);
      if (request.method === 'GET') gets.push(request);
      response.on('close', () => open.delete(request));
    });
    const { url } = server;
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
      await server.close();
    }
  }, 20_000);
});
