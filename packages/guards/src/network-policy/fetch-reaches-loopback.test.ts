import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExecutionContext, defineTool, type GuardVerdict } from '@tp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { networkPolicyGuard } from './network-policy-guard.js';

// Proof that the forms are real attacks: Node's own fetch reaches a server on 127.0.0.1 through
// each of them (no traffic leaves the machine), while the guard refuses every one.
const forms = (port: number) => [
  `http:127.0.0.1:${port}/health`,
  `http:/127.0.0.1:${port}/health`,
  `http:\\\\127.0.0.1:${port}/health`,
  `http:///127.0.0.1:${port}/health`,
  `HTTP:127.1:${port}/health`,
  ` http:2130706433:${port}/health`,
  `ht\ttp://0x7f.1:${port}/health`,
  `http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:${port}/health`,
  `http://127\u30020\u30020\u30021:${port}/health`,
  `http://127\uff0e0\uff0e0\uff0e1:${port}/health`,
  `http://\u2460\u2461\u2466.0.0.1:${port}/health`,
  `http://1\u200b27.0.0.1\u00ad:${port}/health`,
];

const tool = defineTool({
  name: 'fetch',
  description: 'fetches a URL',
  inputSchema: z.object({}).passthrough(),
  execute: () => null,
});

let server: Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = createServer((_, response) => {
    hits++;
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('forms fetch sends to loopback', () => {
  it('every form reaches the 127.0.0.1 server with fetch, and the guard blocks every one', async () => {
    const guard = networkPolicyGuard({ schemes: ['http', 'https'] });
    for (const url of forms(port)) {
      const before = hits;
      const response = await fetch(url);
      expect(await response.text(), url).toBe('ok');
      expect(hits, url).toBe(before + 1);
      for (const args of [{ url }, { link: url }, { value: { nested: [url] } }]) {
        const verdict = (await guard.pre!({
          call: { id: '1', tool: 'fetch', arguments: args },
          tool,
          args,
          context: createExecutionContext(),
          dryRun: false,
        })) as GuardVerdict;
        expect(verdict, url).toMatchObject({ verdict: 'block' });
      }
    }
  });
});
