import type { SnapshotStoreV1 } from '../../contracts/stores/v1/snapshot-store.js';

/** Snapshots kept as JSON text for the life of the process. */
export function createMemorySnapshotStore<Snapshot = unknown>(): SnapshotStoreV1<Snapshot> {
  const documents = new Map<string, string>();
  return {
    specificationVersion: 'v1',
    async load(name) {
      const json = documents.get(name);
      return json === undefined ? undefined : (JSON.parse(json) as Snapshot);
    },
    async save(name, snapshot) {
      documents.set(name, JSON.stringify(snapshot));
    },
    dispose() {
      documents.clear();
    },
  };
}
