import { type StartServerOptions, startServer } from './start-server.js';

/**
 * Runs the server until SIGINT/SIGTERM (or, with --stdio, until the client disconnects), then
 * shuts down gracefully: sessions closed, upstream servers stopped. Resolves with the exit code.
 */
export async function runServer(
  options: StartServerOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const server = await startServer(options);
  if (server.url) out.write(`tp server listening on ${server.url} (health: ${server.healthUrl})\n`);
  const stop = () => void server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await server.closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return 0;
}
