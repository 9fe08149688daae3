import type { ToolDefinition, ToolErrorInfo } from '@tp/core';

/** What a file held when it was last read: its tools, or why it could not be loaded. */
export interface ToolFileEntry {
  readonly mtimeMs: number;
  readonly size: number;
  /** SHA-256 (hex) of the content. */
  readonly hash: string;
  readonly tools?: readonly ToolDefinition[];
  readonly error?: ToolErrorInfo;
}

/**
 * The index cache of tool files, keyed by path and checked by mtime + size, then content hash:
 * a rescan re-reads no unchanged file, and a touched but identical file is not reloaded. Share
 * one between watchers (or restarts of one in a process) for a warm start.
 */
export interface ToolFileCache {
  get(path: string): ToolFileEntry | undefined;
  set(path: string, entry: ToolFileEntry): void;
  delete(path: string): void;
  readonly size: number;
}

export function createToolFileCache(): ToolFileCache {
  const entries = new Map<string, ToolFileEntry>();
  return {
    get: (path) => entries.get(path),
    set: (path, entry) => void entries.set(path, entry),
    delete: (path) => void entries.delete(path),
    get size() {
      return entries.size;
    },
  };
}
