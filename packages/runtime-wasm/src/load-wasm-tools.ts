import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConfigurationError, type ToolDefinition, TpError } from '@tp/core';
import { defineWasmTool, type WasmToolSource } from './define-wasm-tool.js';

export interface LoadWasmToolsOptions {
  /** Where transpiled components are cached (default: the system's temporary folder). */
  readonly cacheDir?: string;
}

/**
 * Loads every `.wasm` component directly in `dir` (sorted by name) as a tool named after its file.
 * A component that cannot be loaded fails the whole load with a CONFIGURATION_ERROR naming it.
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
      tools.push(
        await defineWasmTool({
          name: basename(file, '.wasm'),
          component: file,
          ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
        }),
      );
    } catch (error) {
      if (TpError.isInstance(error) && error.code === 'CONFIGURATION_ERROR') {
        throw new ConfigurationError(file, error.message, error);
      }
      throw error;
    }
  }
  return tools;
}
