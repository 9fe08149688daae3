import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SchemaSnapshotStore, ServerSnapshot } from './schema-drift.js';

/** One JSON file per server in `directory`, written atomically (temp file + rename). */
export function createFileSnapshotStore(directory: string): SchemaSnapshotStore {
  const fileOf = (server: string) => join(directory, `${encodeURIComponent(server)}.json`);
  return {
    async load(server) {
      try {
        return JSON.parse(await readFile(fileOf(server), 'utf8')) as ServerSnapshot;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(server, snapshot) {
      await mkdir(directory, { recursive: true });
      const file = fileOf(server);
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(snapshot, null, 2)}\n`);
      await rename(temporary, file);
    },
  };
}

/** Keeps snapshots for the life of the process only. */
export function createMemorySnapshotStore(): SchemaSnapshotStore {
  const snapshots = new Map<string, ServerSnapshot>();
  return {
    async load(server) {
      return snapshots.get(server);
    },
    async save(server, snapshot) {
      snapshots.set(server, snapshot);
    },
  };
}
