import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError } from '../cli-error.js';
import type { CommandInput } from '../command.js';

/** The runner of the checkout this CLI was built in (apps/cli/dist/commands → bench/). */
const runner = fileURLToPath(new URL('../../../../bench/run.mjs', import.meta.url));

/** `tp bench`: runs bench/run.mjs with the filters, streaming its tables; its exit code. */
export async function runBench({ values, positionals, io }: CommandInput): Promise<number> {
  if (!existsSync(runner)) {
    throw new CliError('runs the benchmarks of a tp checkout, and bench/run.mjs is not there');
  }
  const args = [runner, ...positionals, ...(values.record ? ['--record'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(io.stdout, { end: false });
  child.stderr.pipe(io.stderr, { end: false });
  const stop = () => child.kill('SIGTERM');
  io.signal.addEventListener('abort', stop, { once: true });
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? 1));
    });
  } finally {
    io.signal.removeEventListener('abort', stop);
  }
}
