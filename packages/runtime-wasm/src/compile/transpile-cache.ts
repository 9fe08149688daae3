import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { componentFunctions, type UnmappableFunction } from '../wit/component-functions.js';
import type { WitFunction } from '../wit/wit-type.js';

/** A component transpiled by jco (sync instantiation), stored under the cache directory. */
export interface TranspiledComponent {
  /** SHA-256 (hex) of the component's bytes. */
  readonly hash: string;
  /** The folder holding `component.js` and its core modules. */
  readonly dir: string;
  /** The component's exports as jco names them: world functions and exported instances. */
  readonly exports: readonly (readonly [string, 'function' | 'instance'])[];
  /**
   * Its exported functions with their WIT types — read only for a component that does not speak
   * the tp world (which describes itself).
   */
  readonly functions?: readonly (WitFunction | UnmappableFunction)[];
}

/** Whether a component speaks the tp world (exports `describe` and `call`). */
export function isTpWorld(exports: TranspiledComponent['exports']): boolean {
  const names = exports.map(([name]) => name);
  return names.includes('call') && names.includes('describe');
}

/**
 * Where transpiled components are kept when no `cacheDir` is given: the user's cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache`), never a world-writable one — the cached glue is JavaScript
 * the host imports, so whoever can write the cache can run code in the host.
 */
export const DEFAULT_CACHE_DIR = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'tp-wasm',
);

/** Bumped whenever the transpile options change, so that old entries are not reused. */
const FORMAT = 'v3';
const inFlight = new Map<string, Promise<TranspiledComponent>>();

export function componentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Transpiles a component once per content hash: the result goes to `<cacheDir>/<hash>/` (written
 * to a temporary folder and renamed, so that concurrent processes never see half an entry) and is
 * reused by every later load, in this process or another.
 */
export function transpileCached(bytes: Uint8Array, cacheDir: string): Promise<TranspiledComponent> {
  const hash = componentHash(bytes);
  const dir = join(cacheDir, `${FORMAT}-${hash}`);
  const pending = inFlight.get(dir);
  if (pending) return pending;
  const work = readEntry(hash, dir)
    .then((found) => found ?? writeEntry(bytes, hash, cacheDir, dir))
    .finally(() => inFlight.delete(dir));
  inFlight.set(dir, work);
  return work;
}

/**
 * jco's glue asks `process.env.JCO_DEBUG` at every internal step of every call (a fifth of a
 * trusted call's time) and then prints its internals to the host's console: the stored glue has
 * that logging switched off. A glue without the line is stored as it is.
 */
function withoutDebugLog(glue: Uint8Array): string {
  return Buffer.from(glue)
    .toString('utf8')
    .replace('if (!globalThis?.process?.env?.JCO_DEBUG) { return; }', 'return;');
}

async function readEntry(hash: string, dir: string): Promise<TranspiledComponent | undefined> {
  try {
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as Omit<
      TranspiledComponent,
      'hash' | 'dir'
    >;
    return { hash, dir, ...meta };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeEntry(
  bytes: Uint8Array,
  hash: string,
  cacheDir: string,
  dir: string,
): Promise<TranspiledComponent> {
  // jco's transpiler and wasm-tools take over a second to import: only a cache miss pays for them.
  const [{ transpileBytes }, { print }] = await Promise.all([
    import('@bytecodealliance/jco-transpile'),
    import('@bytecodealliance/jco-transpile/wasm-tools'),
  ]);
  const output = await transpileBytes(bytes, { name: 'component', instantiation: 'sync' });
  const meta = {
    exports: output.exports,
    ...(isTpWorld(output.exports) ? {} : { functions: componentFunctions(await print(bytes)) }),
  };
  const staging = join(cacheDir, `.staging-${randomUUID()}`);
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    for (const [file, content] of Object.entries(output.files)) {
      if (file.endsWith('.d.ts')) continue;
      await writeFile(
        join(staging, file),
        file.endsWith('.js') ? withoutDebugLog(content) : content,
      );
    }
    await writeFile(join(staging, 'meta.json'), JSON.stringify(meta));
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process stored the same component first: its entry is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { hash, dir, ...meta };
}
