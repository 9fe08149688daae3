import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConfigurationError, type ToolDefinition, TpError } from '@tp/core';
import { isTpWorld } from './compile/transpile-cache.js';
import {
  defineWasmTool,
  functionName,
  inspectComponent,
  type WasmToolSource,
} from './define-wasm-tool.js';

export interface LoadWasmToolsOptions {
  /** Where transpiled components are cached (default `~/.cache/tp-wasm`, see createWasmRuntime). */
  readonly cacheDir?: string;
}

/**
 * Loads every `.wasm` component directly in `dir` (sorted by name): a tp world component is one
 * tool named after its file; any other component gives one tool per exported function, named
 * after the function in a namespace named after the file. A component that cannot be loaded —
 * one export whose types have no JSON form is enough — fails the whole load with a
 * CONFIGURATION_ERROR naming the file.
 */
export async function loadWasmTools(
  dir: string,
  options: LoadWasmToolsOptions = {},
): Promise<ToolDefinition<WasmToolSource>[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.wasm'))
    .map((entry) => join(dir, entry.name))
    .sort();
  const tools: ToolDefinition<WasmToolSource>[] = [];
  for (const file of files) {
    try {
      tools.push(...(await loadFile(file, options)));
    } catch (error) {
      if (TpError.isInstance(error) && error.code === 'CONFIGURATION_ERROR') {
        throw new ConfigurationError(file, error.message, error);
      }
      throw error;
    }
  }
  return tools;
}

async function loadFile(
  file: string,
  options: LoadWasmToolsOptions,
): Promise<ToolDefinition<WasmToolSource>[]> {
  const name = basename(file, '.wasm');
  const cache = options.cacheDir ? { cacheDir: options.cacheDir } : {};
  const transpiled = await inspectComponent(
    new Uint8Array(await readFile(file)),
    options.cacheDir,
    file,
  );
  if (isTpWorld(transpiled.exports))
    return [await defineWasmTool({ name, component: file, ...cache })];
  const tools: ToolDefinition<WasmToolSource>[] = [];
  for (const fn of transpiled.functions ?? []) {
    tools.push(
      await defineWasmTool({
        name: fn.name,
        namespace: name,
        component: file,
        export: functionName(fn),
        ...cache,
      }),
    );
  }
  return tools;
}
