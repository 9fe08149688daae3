// `npm test`'s last step: what a user installs must work on its own. Packs every publishable
// package, installs the tarballs (and nothing else of the workspace) into an empty project,
// type-checks a consumer under each supported moduleResolution and runs it.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const pnpm = join(root, '.tools', 'node_modules', '.bin', 'pnpm');

/** moduleResolution → compiler options and the fixtures it must accept. */
const modes = {
  node16: { options: { module: 'node16', moduleResolution: 'node16' }, subpaths: true },
  nodenext: { options: { module: 'nodenext', moduleResolution: 'nodenext' }, subpaths: true },
  bundler: { options: { module: 'esnext', moduleResolution: 'bundler' }, subpaths: true },
  // The legacy resolution reads "types"/"main" only: root entry points, no subpaths.
  node10: { options: { module: 'esnext', moduleResolution: 'node10' }, subpaths: false },
};

const execFileAsync = promisify(execFile);

/** Runs a command and resolves with its stdout; on failure its output is shown, cut short. */
async function run(command, args, cwd) {
  try {
    return (await execFileAsync(command, args, { cwd, maxBuffer: 64 * 2 ** 20 })).stdout;
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.split('\n');
    const shown = output.slice(0, 40).join('\n');
    const more = output.length > 40 ? `\n… ${output.length - 40} more lines` : '';
    throw new Error(`${[command, ...args].join(' ')} failed in ${cwd}:\n${shown}${more}`);
  }
}

const publishable = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private);

const work = mkdtempSync(join(tmpdir(), 'tp-packages-'));
try {
  const tarballs = [];
  for (const dir of publishable) {
    const output = await run(pnpm, ['pack', '--json', '--pack-destination', work], dir);
    tarballs.push(JSON.parse(output).filename);
  }
  const consumer = join(work, 'consumer');
  cpSync(join(root, 'scripts', 'package-consumer'), consumer, { recursive: true });
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'tp-consumer', private: true, type: 'module' }),
  );
  const zod = JSON.parse(readFileSync(join(root, 'packages/core/package.json'), 'utf8'))
    .devDependencies.zod;
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...tarballs,
      `zod@${zod}`,
      '@types/node@20',
    ],
    consumer,
  );
  // The type checks are independent: run them side by side.
  await Promise.all(
    Object.entries(modes).map(async ([mode, { options, subpaths }]) => {
      const config = {
        compilerOptions: {
          ...options,
          target: 'es2022',
          strict: true,
          esModuleInterop: true,
          noEmit: true,
          types: ['node'],
        },
        files: subpaths ? ['types.ts', 'subpaths.ts'] : ['types.ts'],
      };
      writeFileSync(join(consumer, `tsconfig.${mode}.json`), JSON.stringify(config));
      await run(process.execPath, [tsc, '-p', `tsconfig.${mode}.json`], consumer);
      console.log(`[packages] types resolve with moduleResolution ${mode}`);
    }),
  );
  process.stdout.write(`[packages] ${await run(process.execPath, ['run.mjs'], consumer)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
