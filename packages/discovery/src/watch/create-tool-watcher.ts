import { createHash } from 'node:crypto';
import { readFileSync, type Stats, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import {
  ConfigurationError,
  type ToolDefinition,
  type ToolRegistry,
  type ToolRuntimeV1,
  toErrorInfo,
} from '@tp/core';
import { type FSWatcher, watch } from 'chokidar';
import { acceptsFile, listToolFiles } from './list-tool-files.js';
import { createToolFileCache, type ToolFileCache, type ToolFileEntry } from './tool-file-cache.js';
import type { ToolWatcherEvent } from './tool-watcher-event.js';

export interface ToolWatcherRoot {
  /** A folder of tool files. */
  readonly dir: string;
  /** The runtime that discovers (`discover`) and runs its tools; they are bound to it. */
  readonly runtime: ToolRuntimeV1;
}

export interface ToolWatcherOptions {
  readonly registry: ToolRegistry;
  readonly roots: readonly ToolWatcherRoot[];
  /** Quiet time after a file's last change before it is reloaded (default 20 ms). */
  readonly debounceMs?: number;
  /** Reuse what an earlier watcher read (warm start); default: a new cache. */
  readonly cache?: ToolFileCache;
  /** Follow changes (default true); false loads once, `rescan()` syncs on demand. */
  readonly watch?: boolean;
  /** Receives every event, those of the initial load included. */
  readonly onEvent?: (event: ToolWatcherEvent) => void;
}

export interface RescanReport {
  /** Tool files found under the roots. */
  readonly files: number;
  /** Files whose content had to be read (new or with another mtime or size). */
  readonly read: number;
  readonly durationMs: number;
}

export interface ToolWatcher {
  subscribe(listener: (event: ToolWatcherEvent) => void): () => void;
  /** Syncs every root with the registry now (files added, changed or deleted). */
  rescan(): Promise<RescanReport>;
  readonly cache: ToolFileCache;
  /** Stops watching; the tools stay registered. */
  close(): Promise<void>;
}

interface RootState {
  readonly dir: string;
  readonly runtime: ToolRuntimeV1;
  readonly extensions: readonly string[] | undefined;
}

/**
 * Loads every tool file under the roots into the registry (bound to the root's runtime) and,
 * unless `watch: false`, keeps them in sync: a changed file is reloaded on its own (debounced),
 * its tools swapped in one synchronous step (calls in flight finish on the old definitions); a
 * file that fails to load keeps its previous tools and reports `failed`; a deleted file's tools
 * are unregistered. Resolves once the initial load is done and changes are being watched.
 */
export async function createToolWatcher(options: ToolWatcherOptions): Promise<ToolWatcher> {
  const { registry, roots, debounceMs } = checkOptions(options);
  const cache = options.cache ?? createToolFileCache();
  const listeners = new Set<(event: ToolWatcherEvent) => void>();
  if (options.onEvent) listeners.add(options.onEvent);
  const emit = (event: ToolWatcherEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not stop the reload or the other listeners.
      }
    }
  };
  // What each file has registered now.
  const registered = new Map<
    string,
    { readonly hash: string; readonly tools: readonly ToolDefinition[] }
  >();
  let reads = 0;

  const rootOfDir = (dir: string) =>
    roots.find((root) => dir === root.dir || dir.startsWith(root.dir + sep));
  const rootOf = (file: string) => {
    const root = rootOfDir(dirname(file));
    return root && acceptsFile(file, root.extensions) ? root : undefined;
  };

  const swap = (root: RootState, file: string, entry: ToolFileEntry) => {
    const before = registered.get(file)?.tools ?? [];
    const next = entry.tools ?? [];
    for (const tool of before) unregisterExactly(registry, tool);
    try {
      registry.register([...next], { runtime: root.runtime });
    } catch (error) {
      registry.register([...before], { runtime: root.runtime });
      throw error;
    }
    registered.set(file, { hash: entry.hash, tools: next });
    return { before, next };
  };

  const remove = (file: string) => {
    cache.delete(file);
    const current = registered.get(file);
    if (!current) return;
    for (const tool of current.tools) unregisterExactly(registry, tool);
    registered.delete(file);
    emit({ type: 'removed', file, tools: current.tools.map(label) });
  };

  /** Reads a file only when its mtime or size changed, discovers it only when its hash did. */
  const entryFor = async (root: RootState, file: string, stats: Stats) => {
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached;
    reads += 1;
    const text = readFileSync(file, 'utf8');
    const hash = createHash('sha256').update(text).digest('hex');
    let entry: ToolFileEntry;
    if (cached && cached.hash === hash)
      entry = { ...cached, mtimeMs: stats.mtimeMs, size: stats.size };
    else {
      try {
        const tools = await root.runtime.discover!(file, { root: root.dir, text });
        entry = { mtimeMs: stats.mtimeMs, size: stats.size, hash, tools };
      } catch (error) {
        entry = {
          mtimeMs: stats.mtimeMs,
          size: stats.size,
          hash,
          error: toErrorInfo(error, 'CONFIGURATION_ERROR'),
        };
        cache.set(file, entry);
        emit({
          type: 'failed',
          file,
          error: entry.error!,
          kept: (registered.get(file)?.tools ?? []).map(label),
        });
        return undefined;
      }
    }
    cache.set(file, entry);
    return entry;
  };

  /** Registered as cached, with mtime and size as cached: nothing to do (a rescan's common case). */
  const unchanged = (file: string) => {
    const cached = cache.get(file);
    const stats = statSync(file, { throwIfNoEntry: false });
    return (
      cached !== undefined &&
      stats !== undefined &&
      cached.mtimeMs === stats.mtimeMs &&
      cached.size === stats.size &&
      (cached.error !== undefined || registered.get(file)?.hash === cached.hash)
    );
  };

  const syncFile = async (file: string) => {
    const root = rootOf(file);
    let stats: Stats | undefined;
    try {
      stats = statSync(file);
    } catch {
      stats = undefined;
    }
    if (!root || !stats?.isFile()) return remove(file);
    const entry = await entryFor(root, file, stats);
    // A file that failed before and has not changed stays as it was (reported once).
    if (!entry || entry.error) return;
    const current = registered.get(file);
    if (current?.hash === entry.hash) return;
    try {
      const { before, next } = swap(root, file, entry);
      emit(
        current
          ? { type: 'reloaded', file, tools: next.map(label), previous: before.map(label) }
          : { type: 'loaded', file, tools: next.map(label) },
      );
    } catch (error) {
      emit({
        type: 'failed',
        file,
        error: toErrorInfo(error, 'CONFIGURATION_ERROR'),
        kept: (current?.tools ?? []).map(label),
      });
    }
  };

  // One change at a time, in order: a reload never interleaves with another or with a rescan.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => {});
    return next;
  };

  const rescan = () =>
    enqueue(async () => {
      const started = performance.now();
      reads = 0;
      const files = roots.flatMap((root) => listToolFiles(root.dir, root.extensions));
      const present = new Set(files);
      for (const file of files) if (!unchanged(file)) await syncFile(file);
      for (const file of [...registered.keys()]) if (!present.has(file)) remove(file);
      return { files: files.length, read: reads, durationMs: performance.now() - started };
    });

  await rescan();

  const timers = new Map<string, NodeJS.Timeout>();
  let watcher: FSWatcher | undefined;
  let closed = false;
  if (options.watch !== false) {
    // chokidar drops a change that comes within 50 ms of the previous one of a file: each reload
    // is followed by one more look (a stat when nothing changed) once that window has passed.
    const schedule = (path: string, delayMs = debounceMs, followUp = true) => {
      const file = resolve(path);
      clearTimeout(timers.get(file));
      timers.set(
        file,
        setTimeout(() => {
          timers.delete(file);
          void enqueue(() => syncFile(file)).then(() => {
            if (followUp && !timers.has(file)) schedule(file, chokidarThrottleMs, false);
          });
        }, delayMs),
      );
    };
    watcher = watch(
      roots.map((root) => root.dir),
      {
        ignoreInitial: true,
        ignored: (path, stats) => stats?.isFile() === true && rootOf(resolve(path)) === undefined,
      },
    );
    const onPath = (path: string) => schedule(path);
    watcher.on('add', onPath).on('change', onPath).on('unlink', onPath);
    // A file written just after its folder was created can slip past chokidar's scan of the
    // folder: look into a new folder once its watch is in place.
    watcher.on('addDir', (dir) => {
      const folder = resolve(dir);
      const root = rootOfDir(folder);
      setTimeout(() => {
        if (closed || !root) return;
        for (const file of listToolFiles(folder, root.extensions)) onPath(file);
      }, chokidarThrottleMs).unref();
    });
    watcher.on('unlinkDir', (dir) => {
      const prefix = resolve(dir) + sep;
      for (const file of registered.keys()) if (file.startsWith(prefix)) onPath(file);
    });
    await new Promise<void>((ready) => watcher!.once('ready', ready));
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rescan,
    cache,
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await watcher?.close();
      await queue;
      listeners.clear();
    },
  };
}

const chokidarThrottleMs = 60;

function label(tool: ToolDefinition): string {
  return `${tool.namespace}.${tool.name}@${tool.version}`;
}

function unregisterExactly(registry: ToolRegistry, tool: ToolDefinition): void {
  registry.unregister(tool.name, { namespace: tool.namespace, version: tool.version });
}

function checkOptions(options: ToolWatcherOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('createToolWatcher(options)', 'must be an object');
  }
  if (typeof options.registry?.register !== 'function') {
    throw new ConfigurationError(
      'createToolWatcher(options.registry)',
      'must be a registry (createRegistry())',
    );
  }
  if (!Array.isArray(options.roots)) {
    throw new ConfigurationError(
      'createToolWatcher(options.roots)',
      'must be an array of { dir, runtime }',
    );
  }
  const roots: RootState[] = options.roots.map((root, index) => {
    const field = `createToolWatcher(options.roots[${index}])`;
    if (typeof root?.dir !== 'string' || root.dir === '') {
      throw new ConfigurationError(`${field}.dir`, 'must be a folder path');
    }
    if (typeof root.runtime?.discover !== 'function') {
      throw new ConfigurationError(
        `${field}.runtime`,
        'must be a runtime with the discover capability (ToolRuntimeV1.discover)',
      );
    }
    return {
      dir: resolve(root.dir),
      runtime: root.runtime,
      extensions: root.runtime.capabilities().discovery?.extensions,
    };
  });
  const debounceMs = options.debounceMs ?? 20;
  if (!Number.isFinite(debounceMs) || debounceMs < 0) {
    throw new ConfigurationError('createToolWatcher(options.debounceMs)', 'must be a number >= 0');
  }
  // The deepest root owns a file when roots nest.
  roots.sort((a, b) => b.dir.length - a.dir.length);
  return { registry: options.registry, roots, debounceMs };
}
