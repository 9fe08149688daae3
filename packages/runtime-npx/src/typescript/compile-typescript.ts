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
import { dirname, join, relative } from 'node:path';
import type { Options } from '@swc/core';

/** What the children import instead of a TypeScript file. */
export interface CompiledTool {
  /** The compiled entry file (its .ts became .js, .mts .mjs, .cts .cjs). */
  readonly file: string;
  /** The compiled copy of the tool's directory. */
  readonly dir: string;
  /** Whether the cache already had it. */
  readonly hit: boolean;
}

const swcOptions: Options = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};
// Loaded on the first TypeScript tool: a runtime with JS tools only never loads the native module.
let swc: typeof import('@swc/core') | undefined;
const loadSwc = () => {
  swc ??= createRequire(import.meta.url)('@swc/core') as typeof import('@swc/core');
  return swc;
};

const sourceFile = /\.(?:[mc]?ts|[mc]?js|json)$/;
const typeScript = /\.([mc]?)ts$/;

/**
 * Compiles a TypeScript tool with swc in the host, into `<cacheDir>/ts/<hash>/`: a copy of the
 * tool's directory (its .ts files compiled with inline source maps pointing at the originals, its
 * JS and JSON copied, `node_modules` linked to the one the originals resolve from), so relative
 * and package imports work as in the original. The hash covers every input file, the swc version
 * and the options: an unchanged tool is never compiled twice, even across processes.
 */
export function compileTypeScript(file: string, cacheDir: string): CompiledTool {
  const { transformSync, version: swcVersion } = loadSwc();
  const root = dirname(file);
  const inputs = listSources(root);
  const hash = createHash('sha256').update(`swc ${swcVersion}\0${JSON.stringify(swcOptions)}\0`);
  for (const path of inputs)
    hash
      .update(`${relative(root, path)}\0`)
      .update(readFileSync(path))
      .update('\0');
  const dir = join(cacheDir, 'ts', hash.digest('hex').slice(0, 32));
  const entry = join(dir, relative(root, file).replace(typeScript, '.$1js'));
  if (existsSync(join(dir, '.complete'))) return { file: entry, dir, hit: true };
  // Built aside and renamed into place, so a reader never sees half a directory.
  const building = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    for (const path of inputs) {
      const target = join(building, relative(root, path).replace(typeScript, '.$1js'));
      mkdirSync(dirname(target), { recursive: true });
      const code = readFileSync(path, 'utf8');
      writeFileSync(
        target,
        typeScript.test(path)
          ? transformSync(code, { ...swcOptions, filename: path, sourceFileName: path }).code
          : code,
      );
    }
    writeFileSync(join(building, 'package.json'), '{"type":"module"}\n');
    const modules = nearestNodeModules(root);
    if (modules) symlinkSync(modules, join(building, 'node_modules'), 'dir');
    writeFileSync(join(building, '.complete'), '');
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(building, dir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    // Another process built the same hash meanwhile: theirs is as good.
    if (!existsSync(join(dir, '.complete'))) throw error;
  }
  return { file: entry, dir, hit: false };
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
