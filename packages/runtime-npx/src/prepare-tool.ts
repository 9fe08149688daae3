import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError, type ToolDefinition } from '@tp/core';
import type { NpxToolSource } from './define-js-tool.js';
import { installedPackage } from './npm/npm-cache.js';
import type { ResolvedNpxLimits } from './npx-limits.js';
import { toolLimits } from './npx-permissions.js';
import type { PreparedTool } from './prepared-tool.js';
import { type CompiledTool, compileTypeScript } from './typescript/compile-typescript.js';

export interface PrepareOptions {
  readonly limits: ResolvedNpxLimits;
  readonly cacheDir: string;
}

/** Makes a definition runnable: its code located (and, for TS, compiled), its limits resolved. */
export function prepareTool(definition: ToolDefinition, options: PrepareOptions): PreparedTool {
  const source = definition.source as NpxToolSource;
  const label = `tool "${definition.name}"`;
  const limits = toolLimits(definition, options.limits);
  if (source.kind === 'npm') {
    const installed = installedPackage(options.cacheDir, source.package, source.version);
    if (!installed) {
      throw new ConfigurationError(
        `${label}.package`,
        `${source.package}@${source.version} is not installed in ${options.cacheDir}: install it first with runtime.install(tools) or installNpmTools (tools never install at call time)`,
      );
    }
    return {
      definition,
      module: { dir: installed.dir, package: source.package },
      export: source.export,
      positional: Object.keys(definition.inputSchema.properties ?? {}),
      codeDirs: [installed.dir],
      limits,
    };
  }
  return {
    definition,
    ...locateFile(source.file, `${label}.file`, options.cacheDir),
    export: source.export,
    limits,
  };
}

/** A file's module for the children: its URL with a content hash, and the directories to read. */
export function locateFile(
  file: string,
  field: string,
  cacheDir: string,
): Pick<PreparedTool, 'module' | 'codeDirs'> {
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(field, `cannot read ${file}`, error);
  }
  const dir = dirname(file);
  const codeDirs = [dir, ...nodeModulesAbove(dir)];
  if (/\.[mc]?ts$/.test(file)) {
    let compiled: CompiledTool;
    try {
      compiled = compileTypeScript(file, cacheDir);
    } catch (error) {
      throw new ConfigurationError(field, `cannot compile ${file}: ${String(error)}`, error);
    }
    return {
      module: { url: pathToFileURL(compiled.file).href },
      codeDirs: [compiled.dir, ...codeDirs],
    };
  }
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  return { module: { url: `${pathToFileURL(file).href}?v=${hash}` }, codeDirs };
}

/** Where compiled TypeScript and npm packages go unless `cacheDir` says otherwise. */
export function defaultCacheDir(): string {
  return join(homedir(), '.cache', 'tp-npx');
}

/** Every node_modules directory a file in `dir` may import packages from. */
function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, 'node_modules');
    if (existsSync(candidate)) found.push(candidate);
    if (dirname(current) === current) return found;
  }
}
