import { relative } from 'node:path';
import type { ToolRegistry } from '@tp/core';
import { createToolWatcher, type ToolWatcherEvent } from '@tp/discovery';
import { createTclRuntime, type TclRuntime } from '@tp/runtime-tcl';

/** A folder of tool files the server loads and watches (config `toolFolders`). */
export interface ToolFolder {
  readonly dir: string;
  /** The runtime of its files; `tcl` (`.tcl` files in the TCL MCP server's layout). */
  readonly runtime: 'tcl';
}

export interface WatchedToolFolders {
  close(): Promise<void>;
}

/**
 * Loads the folders' tools into the registry and reloads them as files change; the MCP server
 * tells its clients (tools/list_changed) since the registry changed. Every change after the
 * initial load, and every file that fails, is one log line.
 */
export async function watchToolFolders(
  registry: ToolRegistry,
  folders: readonly ToolFolder[],
  log: (line: string) => void,
): Promise<WatchedToolFolders | undefined> {
  if (folders.length === 0) return undefined;
  const runtime: TclRuntime = createTclRuntime();
  let started = false;
  const describe = (event: ToolWatcherEvent) => {
    const file = relativeTo(folders, event.file);
    switch (event.type) {
      case 'failed':
        return `[tp:server] tools: ${file} failed to load (${event.error.code}: ${event.error.message}); ${
          event.kept.length > 0
            ? `still serving ${event.kept.join(', ')}`
            : 'nothing served from it'
        }`;
      case 'removed':
        return `[tp:server] tools: ${file} deleted, unregistered ${event.tools.join(', ') || 'nothing'}`;
      case 'reloaded':
        return `[tp:server] tools: ${file} reloaded: ${event.tools.join(', ') || 'no tools'}`;
      case 'loaded':
        return started
          ? `[tp:server] tools: ${file} added: ${event.tools.join(', ') || 'no tools'}`
          : undefined;
    }
  };
  try {
    const watcher = await createToolWatcher({
      registry,
      roots: folders.map((folder) => ({ dir: folder.dir, runtime })),
      onEvent: (event) => {
        const line = describe(event);
        if (line) log(line);
      },
    });
    started = true;
    log(`[tp:server] watching ${folders.map((folder) => folder.dir).join(', ')} for tools`);
    return {
      async close() {
        await watcher.close();
        await runtime.dispose();
      },
    };
  } catch (error) {
    await runtime.dispose();
    throw error;
  }
}

function relativeTo(folders: readonly ToolFolder[], file: string): string {
  const folder = folders.find((candidate) => file.startsWith(candidate.dir));
  return folder ? relative(folder.dir, file) : file;
}
