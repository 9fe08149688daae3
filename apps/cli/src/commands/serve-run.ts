import { resolve } from 'node:path';
import { TpError } from '@tp/core';
import { startServer } from '@tp/server';
import { CliError, ExitCode } from '../cli-error.js';
import type { CommandInput } from '../command.js';

/** `tp serve`: runs the reference server until Ctrl-C, SIGTERM or (stdio) the client leaves. */
export async function runServe({ values, io }: CommandInput): Promise<number> {
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
      ...(typeof values.config === 'string' ? { configPath: resolve(io.cwd, values.config) } : {}),
      ...(Array.isArray(values.tools)
        ? { tools: values.tools.map((tool) => resolve(io.cwd, String(tool))) }
        : {}),
      ...(values.privileged ? { privileged: true } : {}),
      ...(values.dynamic ? { dynamic: true } : {}),
      ...(Array.isArray(values.pin) ? { pinned: values.pin.map(String) } : {}),
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
}
