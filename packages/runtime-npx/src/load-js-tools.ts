import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigurationError, type JsonSchema, type ToolDefinition } from '@tp/core';
import { defineJsTool, type NpxToolSource } from './define-js-tool.js';
import { defaultCacheDir, locateFile } from './prepare-tool.js';
import { describeInChild } from './process/describe-in-child.js';

export interface LoadJsToolsOptions {
  /** Where compiled TypeScript goes (default ~/.cache/tp-npx). */
  readonly cacheDir?: string;
  /** Import the files in this process instead of a sandboxed child (trusted code only). */
  readonly inProcess?: boolean;
  /** Describe the files with the host network where the machine has no network namespace. */
  readonly allowHostNetwork?: boolean;
}

const toolFile = /\.(?:m?js|cjs|m?ts|cts)$/;

/**
 * The tools of every .js/.mjs/.cjs/.ts/.mts file under `dir` (not node_modules, not *.d.ts):
 * each export (default or named) that is a tool definition — an object with a `name`, an
 * `execute` function (or a core `defineTool` result) and a zod or JSON `inputSchema`. The files
 * are imported in a sandboxed child (no network, fs read of their own directory only), never in
 * the host, unless `inProcess` is set.
 */
export async function loadJsTools(
  dir: string,
  options: LoadJsToolsOptions = {},
): Promise<ToolDefinition<NpxToolSource>[]> {
  const files = await listToolFiles(resolve(dir));
  const definitions: ToolDefinition<NpxToolSource>[] = [];
  for (const file of files) {
    const located = locateFile(file, `loadJsTools(${file})`, options.cacheDir ?? defaultCacheDir());
    const described = await describeInChild(located, options);
    for (const tool of described) {
      const { export: exported, inputSchema, ...metadata } = tool;
      definitions.push(
        defineJsTool({
          ...(metadata as { name: string }),
          file,
          export: exported,
          inputSchema: inputSchema as JsonSchema,
        }),
      );
    }
  }
  return definitions;
}

async function listToolFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new ConfigurationError('loadJsTools(dir)', `cannot read ${dir}`, error);
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules')
      files.push(...(await listToolFiles(path)));
    else if (entry.isFile() && toolFile.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}
