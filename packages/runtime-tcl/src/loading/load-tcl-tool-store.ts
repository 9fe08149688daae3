import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, type ToolDefinition } from '@tp/core';
import type { TclToolSource } from '../define-tcl-tool.js';
import { listFiles, listFolders } from './list-dir.js';
import { definitionOfStored, type StoredTclTool } from './tool-store-format.js';

/**
 * Loads the TCL MCP server's persisted tools from its data folder (`tools.storage`): every
 * `users/<user>/<package>/*.json` (and `system/<bin|sbin|docs>/*.json`) file as it is. The
 * folder is the truth: `index.json` may hold absolute paths of another machine, so it is read
 * only to check that it is valid JSON.
 */
export async function loadTclToolStore(dataDir: string): Promise<ToolDefinition<TclToolSource>[]> {
  const index = await readOptional(join(dataDir, 'index.json'));
  if (index !== undefined) parseJson(index, join(dataDir, 'index.json'));
  const files: string[] = [];
  for (const user of await listFolders(join(dataDir, 'users'))) {
    for (const pkg of await listFolders(join(dataDir, 'users', user))) {
      files.push(...(await listFiles(join(dataDir, 'users', user, pkg), '.json')));
    }
  }
  for (const kind of ['bin', 'sbin', 'docs']) {
    files.push(...(await listFiles(join(dataDir, 'system', kind), '.json')));
  }
  const tools: ToolDefinition<TclToolSource>[] = [];
  for (const file of files) {
    const stored = parseJson(await readFile(file, 'utf8'), file) as StoredTclTool;
    tools.push(definitionOfStored(stored, file));
  }
  return tools;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(file, `is not valid JSON: ${(error as Error).message}`, error);
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
