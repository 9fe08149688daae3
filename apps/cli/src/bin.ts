#!/usr/bin/env node
import { runCli } from './run-cli.js';

// Ctrl-C cancels the calls in flight (they end as TOOL_CANCELLED) instead of killing the process
// mid-write; a second Ctrl-C exits at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  signal: interrupt.signal,
});
