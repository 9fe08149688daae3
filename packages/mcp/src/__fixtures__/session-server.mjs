// createMcpServer (built dist) over HTTP on 127.0.0.1 for the session-leak test; run with
// --expose-gc. argv[2]: sessions.idleTimeoutMs. GET /stats collects garbage, then reports the
// session stats and memory. Prints the port on stdout.
import { createServer } from 'node:http';
import { createProcessor, createRegistry } from '@tp/core';
import { createMcpServer } from '../../dist/index.js';

const processor = createProcessor({ registry: createRegistry() });
const mcp = createMcpServer({
  processor,
  sessions: { idleTimeoutMs: Number(process.argv[2]), max: 100_000 },
});

async function settledMemory() {
  // Several rounds with turns of the event loop in between: closed transports release their
  // streams asynchronously.
  for (let round = 0; round < 4; round++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

const http = createServer((request, response) => {
  if (request.url === '/stats') {
    void settledMemory().then((memory) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sessions: mcp.sessionStats(), ...memory }));
    });
    return;
  }
  mcp.handleHttpRequest(request, response).catch(() => {
    if (!response.headersSent) response.writeHead(500).end();
  });
});
http.listen(0, '127.0.0.1', () => process.stdout.write(`${http.address().port}\n`));
