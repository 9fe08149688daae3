import type { StoreLifecycle } from './store-lifecycle.js';

/**
 * Named JSON documents, each saved and loaded whole (v1): the MCP client's schema snapshots for
 * drift detection (`@tp/mcp`'s SchemaSnapshotStore is this shape), or a list of tools shared by
 * several registries. `load` returns the caller's own copy; undefined when nothing was saved.
 */
export interface SnapshotStoreV1<Snapshot = unknown> extends StoreLifecycle {
  readonly specificationVersion: 'v1';
  load(name: string): Promise<Snapshot | undefined>;
  save(name: string, snapshot: Snapshot): Promise<void>;
}
