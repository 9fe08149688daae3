#!/usr/bin/env node
import { TpError } from '@tp/core';
import { parseServerArgs, SERVER_USAGE } from './parse-server-args.js';
import { runServer } from './run-server.js';

try {
  const options = parseServerArgs(process.argv.slice(2));
  if (options.help) process.stdout.write(SERVER_USAGE);
  else process.exitCode = await runServer(options);
} catch (error) {
  process.stderr.write(
    `tp-server: ${TpError.isInstance(error) || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}
