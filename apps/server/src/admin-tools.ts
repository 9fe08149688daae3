import { defineTool, type ToolDefinition } from '@tp/core';
import type { StreamManager } from '@tp/mcp';

/** Run-time management of upstream servers; registered only with --privileged. */
export function adminTools(manager: StreamManager): ToolDefinition[] {
  return [
    defineTool({
      name: 'list_servers',
      namespace: 'admin',
      description: 'Lists the upstream MCP servers and their health.',
      inputSchema: { type: 'object', properties: {}, additionalProperties: false },
      sideEffect: 'read_only',
      execute: () => ({ servers: summarize(manager) }),
    }),
    defineTool({
      name: 'add_server',
      namespace: 'admin',
      description:
        'Connects an upstream MCP server and imports its tools. `config` is an mcpServers entry: { command, args, env } or { url, headers }.',
      inputSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'server name (its tools namespace)' },
          config: { type: 'object', description: 'mcpServers entry' },
        },
        required: ['name', 'config'],
        additionalProperties: false,
      },
      sideEffect: 'write',
      execute: async ({ name, config }) => {
        const status = await manager.addServer(name, config);
        return {
          name,
          state: status.state,
          tools: status.tools,
          ...(status.lastError ? { lastError: status.lastError } : {}),
        };
      },
    }),
    defineTool({
      name: 'remove_server',
      namespace: 'admin',
      description: 'Disconnects an upstream MCP server and removes its tools.',
      inputSchema: {
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      },
      sideEffect: 'destructive',
      execute: async ({ name }) => ({ name, removed: await manager.removeServer(name) }),
    }),
  ];
}

/** Health of every upstream server without the bulky stderr tails. */
export function summarize(manager: StreamManager) {
  return Object.values(manager.status()).map(({ stderrTail: _tail, ...status }) => status);
}
