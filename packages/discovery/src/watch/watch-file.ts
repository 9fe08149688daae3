import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError } from '@tp/core';
import { watch } from 'chokidar';

export interface FileWatch {
  close(): Promise<void>;
}

/** chokidar drops a change within 50 ms of the previous one: look again once that has passed. */
const followUpMs = 60;

/**
 * Calls `onChange` with a file's text (undefined once it is deleted) whenever its content
 * changes, debounced; calls never overlap and a failing one does not stop the watch. For config
 * files (an `mcpServers` JSON); tool folders use createToolWatcher.
 */
export async function watchFile(
  path: string,
  onChange: (text: string | undefined) => void | Promise<void>,
  options: { readonly debounceMs?: number } = {},
): Promise<FileWatch> {
  if (typeof path !== 'string' || path === '') {
    throw new ConfigurationError('watchFile(path)', 'must be a file path');
  }
  const file = resolve(path);
  const debounceMs = options.debounceMs ?? 50;
  const read = () => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  let last = read();
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<void> = Promise.resolve();
  let closed = false;
  const check = (followUp: boolean) => {
    queue = queue.then(async () => {
      if (closed) return;
      const text = read();
      if (text !== last) {
        last = text;
        try {
          await onChange(text);
        } catch {
          // The caller reports its own failures; the watch goes on.
        }
      }
      if (followUp && !closed) schedule(followUpMs, false);
    });
  };
  const schedule = (delayMs: number, followUp: boolean) => {
    clearTimeout(timer);
    timer = setTimeout(() => check(followUp), delayMs);
  };
  const watcher = watch(file, { ignoreInitial: true });
  watcher.on('all', () => schedule(debounceMs, true));
  await new Promise<void>((ready) => watcher.once('ready', ready));
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await watcher.close();
      await queue;
    },
  };
}
