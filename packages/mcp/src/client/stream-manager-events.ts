import type { DriftReport } from '../drift/schema-drift.js';
import type { ServerStatus } from './server-connection.js';

/**
 * The StreamManager's events, added to core's typed event map (contract v1, docs/events.md): a
 * listener of `manager.events` gets them typed and timestamped like the processor's.
 */
declare module '@tp/core' {
  interface TpEventMap {
    /** An upstream server's status changed (connecting, ready, degraded, down...). */
    'mcp:status': { readonly server: string; readonly status: ServerStatus };
    /** A server's tools were (re)imported: their registry names. */
    'mcp:tools': { readonly server: string; readonly tools: readonly string[] };
    /** A server's tool schemas drifted from the accepted snapshot. */
    'mcp:drift': {
      readonly server: string;
      readonly report: DriftReport;
      readonly quarantined: readonly string[];
    };
    /** Something failed that the manager handled (import, registration, snapshot store...). */
    'mcp:error': { readonly server: string; readonly error: Error };
  }
}

/** The event types the StreamManager emits. */
export const STREAM_MANAGER_EVENT_TYPES = [
  'mcp:status',
  'mcp:tools',
  'mcp:drift',
  'mcp:error',
] as const;
