import { parseArgs } from 'node:util';
import { ConfigurationError } from '@tp/core';
import type { StartServerOptions } from './start-server.js';

export const SERVER_USAGE = `usage: tp-server [--stdio] [--host HOST] [--port PORT] [--config FILE] [--tools MODULE]... [--privileged] [--dynamic [--pin TOOL]...]

  --stdio        serve one MCP client over stdin/stdout instead of HTTP
  --host HOST    interface to listen on (default 127.0.0.1)
  --port PORT    port (0 = any free port; default: config, then TP_PORT, then 3333)
  --config FILE  JSON: { "mcpServers": {...}, "tools": ["./tools.js"], "port": 3333 }
  --tools FILE   an ES module exporting tool definitions (repeatable)
  --privileged   add admin tools to add/remove/list upstream MCP servers at run time
  --dynamic      list only search_tools, get_tool_schema and call_tool (reach every tool through them)
  --pin TOOL     with --dynamic: also list this tool directly (repeatable)
`;

/** The server's command line (shared by `tp-server` and `tp serve`). */
export function parseServerArgs(argv: readonly string[]): StartServerOptions & { help?: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stdio: { type: 'boolean' },
      host: { type: 'string' },
      port: { type: 'string' },
      config: { type: 'string' },
      tools: { type: 'string', multiple: true },
      privileged: { type: 'boolean' },
      dynamic: { type: 'boolean' },
      pin: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new ConfigurationError('--port', `"${values.port}" is not a port number (0-65535)`);
    }
  }
  return {
    ...(values.stdio ? { stdio: true } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(values.config ? { configPath: values.config } : {}),
    ...(values.tools ? { tools: values.tools } : {}),
    ...(values.privileged ? { privileged: true } : {}),
    ...(values.dynamic ? { dynamic: true } : {}),
    ...(values.pin ? { pinned: values.pin } : {}),
    ...(values.help ? { help: true } : {}),
  };
}
