import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transpileBytes } from '@bytecodealliance/jco-transpile';

/** A component transpiled by jco (sync instantiation), stored under the cache directory. */
export interface TranspiledComponent {
  /** SHA-256 (hex) of the component's bytes. */
  readonly hash: string;
  /** The folder holding `component.js` and its core modules. */
  readonly dir: string;
  /** The component's exports as jco names them: world functions and exported instances. */
  readonly exports: readonly (readonly [string, 'function' | 'instance'])[];
}

/** Where transpiled components are kept when no `cacheDir` is given. */
export const DEFAULT_CACHE_DIR = join(tmpdir(), 'tp-wasm-cache');

/** Bumped whenever the transpile options change, so that old entries are not reused. */
const FORMAT = 'v1';
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

async function readEntry(hash: string, dir: string): Promise<TranspiledComponent | undefined> {
  try {
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as {
      exports: TranspiledComponent['exports'];
    };
    return { hash, dir, exports: meta.exports };
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
  const output = await transpileBytes(bytes, { name: 'component', instantiation: 'sync' });
  const staging = join(cacheDir, `.staging-${randomUUID()}`);
  await mkdir(staging, { recursive: true });
  try {
    for (const [file, content] of Object.entries(output.files)) {
      if (file.endsWith('.d.ts')) continue;
      await writeFile(join(staging, file), content);
    }
    await writeFile(join(staging, 'meta.json'), JSON.stringify({ exports: output.exports }));
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process stored the same component first: its entry is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { hash, dir, exports: output.exports };
}
