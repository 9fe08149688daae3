import { resolve } from 'node:path';
import { TpError } from '@tp/core';
import { startServer } from '@tp/server';
import { CliError, ExitCode } from '../cli-error.js';
import type { Command } from '../command.js';

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
  },
  details: 'Example:\n  tp serve --config apps/server/example.config.json --port 0',
  async run({ values, io }) {
    let port: number | undefined;
    if (typeof values.port === 'string') {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new CliError(`--port "${values.port}" is not a port number`);
    }
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({
        ...(values.stdio ? { stdio: true } : {}),
        ...(typeof values.host === 'string' ? { host: values.host } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(typeof values.config === 'string'
          ? { configPath: resolve(io.cwd, values.config) }
          : {}),
        ...(Array.isArray(values.tools)
          ? { tools: values.tools.map((tool) => resolve(io.cwd, String(tool))) }
          : {}),
        ...(values.privileged ? { privileged: true } : {}),
        log: (line) => io.stderr.write(`${line}\n`),
      });
    } catch (error) {
      if (TpError.isInstance(error)) throw new CliError(error.message);
      throw error;
    }
    if (server.url)
      io.stdout.write(`tp server listening on ${server.url} (health: ${server.healthUrl})\n`);
    // Ctrl-C (io.signal) or SIGTERM stops it gracefully; in stdio mode so does the client leaving.
    const stop = () => void server.close();
    io.signal.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
    await server.closed;
    process.off('SIGTERM', stop);
    return ExitCode.ok;
  },
};
