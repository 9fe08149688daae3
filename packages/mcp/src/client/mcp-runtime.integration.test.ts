import { createRegistry } from '@tp/core';
import { runRuntimeConformance } from '@tp/core/testing';
import { fixtureServer } from '../__fixtures__/peers.js';
import { defineMcpTool } from './define-mcp-tool.js';
import { createStreamManager } from './stream-manager.js';

// The fixture definitions are declared statically (defineMcpTool); the runtime finds their
// server through the StreamManager that owns it.
const server = 'fixture';
const fixtures = {
  echo: defineMcpTool({
    server,
    tool: 'echo',
    description: 'echo',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  }),
  fail: defineMcpTool({
    server,
    tool: 'fail',
    description: 'fail',
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string' } },
      required: ['message'],
    },
  }),
  slow: defineMcpTool({
    server,
    tool: 'slow',
    description: 'slow',
    inputSchema: { type: 'object', properties: { ms: { type: 'number' } }, required: ['ms'] },
  }),
  progress: defineMcpTool({
    server,
    tool: 'progress',
    description: 'progress',
    inputSchema: { type: 'object', properties: { steps: { type: 'number' } } },
  }),
};

runRuntimeConformance({
  name: 'mcp (stdio fixture server)',
  fixtures,
  async createRuntime() {
    const manager = createStreamManager({
      registry: createRegistry(),
      snapshotStore: false,
      servers: { [server]: { command: process.execPath, args: [fixtureServer] } },
    });
    await manager.start();
    return manager.runtime;
  },
});
