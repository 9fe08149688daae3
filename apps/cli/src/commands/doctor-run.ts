import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { ExitCode } from '../cli-error.js';
import type { CommandInput } from '../command.js';
import { colourEnabled, createPalette } from '../output/palette.js';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** Optional pieces only enable some features; a missing one is not a failure. */
  readonly required: boolean;
  readonly detail: string;
  readonly fix?: string;
}

interface Program {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly stdin?: string;
  readonly required: boolean;
  readonly neededFor: string;
  readonly fix: string;
}

const programs: readonly Program[] = [
  {
    name: 'tclsh',
    command: 'tclsh',
    args: [],
    stdin: 'puts [info patchlevel]\n',
    required: true,
    neededFor: 'Tcl tools (@tp/runtime-tcl)',
    fix: 'sudo apt-get install tcl   (macOS: brew install tcl-tk)',
  },
  {
    name: 'redis-server',
    command: 'redis-server',
    args: ['--version'],
    required: false,
    neededFor: 'state shared between instances (Redis stores)',
    fix: 'sudo apt-get install redis-server   (macOS: brew install redis)',
  },
  {
    name: 'bubblewrap',
    command: 'bwrap',
    args: ['--version'],
    required: false,
    neededFor: 'network-denied sandboxes for JS/npm tools',
    fix: 'sudo apt-get install bubblewrap',
  },
  {
    name: 'chromium',
    command: 'chromium',
    args: ['--version'],
    required: false,
    neededFor: "the dashboard's browser tests",
    fix: 'sudo apt-get install chromium',
  },
];

/** `tp doctor`: what this machine (and, with --config, a server config) can and cannot run. */
export async function runDoctor({ values, io }: CommandInput): Promise<number> {
  const checks: Check[] = [nodeCheck(), ...(await Promise.all(programs.map(programCheck)))];
  if (typeof values.config === 'string')
    checks.push(...(await configChecks(resolve(io.cwd, values.config))));
  const failed = checks.some((check) => check.required && !check.ok);
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: !failed, checks }, null, 2)}\n`);
  } else {
    const palette = createPalette(colourEnabled(io.stdout, io.env ?? {}));
    for (const check of checks) {
      const mark = check.ok
        ? palette.green('✓')
        : check.required
          ? palette.red('✗')
          : palette.yellow('-');
      io.stdout.write(`${mark} ${check.name}  ${check.detail}\n`);
      if (!check.ok && check.fix) io.stdout.write(`    fix: ${check.fix}\n`);
    }
    io.stdout.write(
      failed ? '\nsomething required is missing (see the fixes above)\n' : '\nready\n',
    );
  }
  return failed ? ExitCode.callFailed : ExitCode.ok;
}

function nodeCheck(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return {
    name: 'node',
    ok: major >= 20,
    required: true,
    detail: `${process.version}${major >= 20 ? '' : ' (tp needs Node 20 or newer)'}`,
    fix: 'install Node.js 20 or newer (https://nodejs.org, or your package manager)',
  };
}

function programCheck(program: Program): Promise<Check> {
  return new Promise((done) => {
    const child = execFile(
      program.command,
      [...program.args],
      { timeout: 5_000 },
      (error, stdout) => {
        const version = stdout.trim().split('\n')[0] ?? '';
        done({
          name: program.name,
          ok: !error,
          required: program.required,
          detail: error
            ? `not found or not working, needed for ${program.neededFor}${program.required ? '' : ' (optional)'}`
            : version,
          fix: program.fix,
        });
      },
    );
    // A program that exits without reading (redis-server --version) closes its stdin: writing to
    // it then fails with EPIPE, which is no finding of ours (the exit status above is).
    child.stdin?.on('error', () => {});
    child.stdin?.end(program.stdin ?? '');
  });
}

/** Starts the config's server once on a free loopback port and reports what came up. */
async function configChecks(configPath: string): Promise<Check[]> {
  const { startServer } = await import('@tp/server');
  const log: string[] = [];
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ configPath, port: 0, log: (line) => log.push(line) });
  } catch (error) {
    return [
      {
        name: 'config',
        ok: false,
        required: true,
        detail: `${configPath}: ${(error as Error).message}`,
        fix: 'correct the field the message names (docs/server.md lists the config fields)',
      },
    ];
  }
  try {
    const checks: Check[] = [
      {
        name: 'config',
        ok: true,
        required: true,
        detail: `${configPath}: ${server.processor.registry.list().length} tools`,
      },
    ];
    for (const [name, status] of Object.entries(server.manager.status())) {
      checks.push({
        name: `upstream ${name}`,
        ok: status.state === 'ready',
        required: true,
        detail: `${status.state} over ${status.transport}${status.lastError ? `: ${status.lastError}` : ''}`,
        fix: "check the server's command/url in the config; `tp serve` logs its stderr tail",
      });
    }
    const health = await server.processor.health();
    for (const runtime of health.runtimes) {
      checks.push({
        name: `runtime ${runtime.kind}`,
        ok: runtime.status === 'ready',
        required: true,
        detail: runtime.status,
      });
    }
    return checks;
  } finally {
    await server.close();
  }
}
