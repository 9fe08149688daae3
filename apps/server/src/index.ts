// Public API of the reference server (used by the CLI's `tp serve`).
export { parseServerArgs, SERVER_USAGE } from './parse-server-args.js';
export { runServer } from './run-server.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from './start-server.js';

export const VERSION = '0.1.0';
