import type { Command } from '../command.js';

// The server is imported when the command runs, so `tp --help` loads none of it.
export const serveCommand: Command = {
  path: ['serve'],
  summary: 'serve the registry over MCP (Streamable HTTP on 127.0.0.1, or --stdio)',
  options: {
    stdio: { type: 'boolean', description: 'serve one MCP client over stdin/stdout' },
    host: {
      type: 'string',
      valueName: '<host>',
      description: 'interface to listen on (default 127.0.0.1)',
    },
    port: {
      type: 'string',
      valueName: '<port>',
      description: 'port; 0 = any free port (default: config, TP_PORT, 3333)',
    },
    config: {
      type: 'string',
      valueName: '<file>',
      description: 'JSON: { "mcpServers": {…}, "tools": [...] }',
    },
    tools: {
      type: 'string',
      multiple: true,
      valueName: '<module>',
      description: 'ES module exporting tool definitions (repeatable)',
    },
    privileged: {
      type: 'boolean',
      description: 'add admin tools to add/remove/list upstream MCP servers',
    },
    dynamic: {
      type: 'boolean',
      description: 'list only search_tools, get_tool_schema, call_tool (and --pin tools)',
    },
    pin: {
      type: 'string',
      multiple: true,
      valueName: '<tool>',
      description: 'with --dynamic: also list this tool directly (repeatable)',
    },
  },
  details: 'Example:\n  tp serve --config apps/server/example.config.json --port 0',
  run: async (input) => (await import('./serve-run.js')).runServe(input),
};
