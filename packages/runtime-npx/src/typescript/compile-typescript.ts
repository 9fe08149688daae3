import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

/** What the children import instead of a TypeScript file. */
export interface CompiledTool {
  /** The bundle of the entry file (its .ts became .js, .mts .mjs, .cts .cjs). */
  readonly file: string;
  /** The directory holding the bundle. */
  readonly dir: string;
  /** Whether the cache already had it. */
  readonly hit: boolean;
}

const esbuildOptions: BuildOptions = {
  bundle: true,
  // Packages stay imports, resolved at run time from the node_modules linked beside the bundle.
  packages: 'external',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'silent',
};
// Loaded on the first TypeScript tool: a runtime with JS tools only never starts esbuild.
let esbuild: typeof import('esbuild') | undefined;
const loadEsbuild = () => {
  esbuild ??= createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  return esbuild;
};

const sourceFile = /\.(?:[mc]?ts|[mc]?js|json)$/;
const typeScript = /\.([mc]?)ts$/;

/**
 * Bundles a TypeScript tool with esbuild in the host, into `<cacheDir>/ts/<hash>/`: the entry and
 * every relative import it reaches (with or without extensions, `.js` naming a `.ts`, JSON) in one
 * file with an inline source map pointing at the originals; package imports stay imports, resolved
 * through `node_modules` linked to the one the originals resolve from. The hash covers every source
 * file of the tool's directory, the esbuild version and the options: an unchanged tool is never
 * compiled twice, even across processes.
 */
export function compileTypeScript(file: string, cacheDir: string): CompiledTool {
  const { buildSync, version } = loadEsbuild();
  const root = dirname(file);
  const hash = createHash('sha256').update(
    `esbuild ${version}\0${JSON.stringify(esbuildOptions)}\0`,
  );
  for (const path of listSources(root))
    hash
      .update(`${relative(root, path)}\0`)
      .update(readFileSync(path))
      .update('\0');
  const dir = join(cacheDir, 'ts', hash.digest('hex').slice(0, 32));
  const name = basename(file).replace(typeScript, '.$1js');
  const entry = join(dir, name);
  const complete = join(dir, '.complete');
  if (existsSync(complete) && outsideInputsUnchanged(complete)) {
    return { file: entry, dir, hit: true };
  }
  // Built aside and renamed into place (same depth, so the source map's relative paths hold).
  const building = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    const { metafile } = buildSync({
      ...esbuildOptions,
      entryPoints: [file],
      outfile: join(building, name),
      format: file.endsWith('.cts') ? 'cjs' : 'esm',
      metafile: true,
    });
    writeFileSync(join(building, 'package.json'), '{"type":"module"}\n');
    const modules = nearestNodeModules(root);
    if (modules) symlinkSync(modules, join(building, 'node_modules'), 'dir');
    // Files imported from outside the directory are not in the hash: recorded to be checked.
    const outside = Object.keys(metafile.inputs)
      .map((input) => resolve(input))
      .filter((input) => relative(root, input).startsWith('..'));
    writeFileSync(
      join(building, '.complete'),
      JSON.stringify(outside.map((input) => [input, contentHash(input)])),
    );
    mkdirSync(dirname(dir), { recursive: true });
    // A stale bundle (an outside file changed) is replaced.
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    // Another process built the same hash meanwhile: theirs is as good.
    if (!existsSync(join(dir, '.complete'))) throw error;
  }
  return { file: entry, dir, hit: false };
}

function contentHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function outsideInputsUnchanged(complete: string): boolean {
  try {
    const recorded = JSON.parse(readFileSync(complete, 'utf8')) as Array<[string, string]>;
    return recorded.every(([path, hash]) => contentHash(path) === hash);
  } catch {
    return false;
  }
}

function listSources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listSources(path));
    else if (entry.isFile() && sourceFile.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      found.push(path);
    }
  }
  return found.sort();
}

function nearestNodeModules(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, 'node_modules');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}
