// Our own createMcpServer over stdio (built dist), for the client-against-server tests.
import { createProcessor, createRegistry, defineTool, TpError } from '@tp/core';
import { createMcpServer } from '../../dist/index.js';

const registry = createRegistry();
registry.register(
  defineTool({
    name: 'shout',
    namespace: 'demo',
    description: 'Upper-cases text',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    sideEffect: 'read_only',
    execute: ({ text }) => text.toUpperCase(),
  }),
  defineTool({
    name: 'deny',
    namespace: 'demo',
    description: 'Fails with a custom code',
    inputSchema: { type: 'object' },
    execute: () => {
      throw new TpError({ code: 'GUARD_BLOCKED', message: 'not today' });
    },
  }),
);
const processor = createProcessor({ registry });
await createMcpServer({ processor, name: 'tp-fixture' }).serveStdio();
await processor.close();
