// Public API of @tp/mcp. Only what is exported here is public.

export { MCP_RESULT_FORMAT, type ResultOptions } from './client/call-result.js';
export {
  type DefineMcpToolOptions,
  defineMcpTool,
  registryNameFor,
  sideEffectOf,
} from './client/define-mcp-tool.js';
export { MCP_RUNTIME, type McpToolSource } from './client/mcp-tool-source.js';
export {
  loadMcpConfig,
  type McpServerConfig,
  parseServerConfig,
  type RemoteServerConfig,
  type StdioServerConfig,
  type TransportKind,
} from './client/server-config.js';
export type { ServerState, ServerStatus } from './client/server-connection.js';
export {
  createStreamManager,
  type ManagerCallOptions,
  type StreamManager,
  type StreamManagerEvent,
  type StreamManagerOptions,
} from './client/stream-manager.js';
export type { TokenRefreshAuth, TokenRequest } from './client/token-refresh-auth.js';
export { createFileSnapshotStore, createMemorySnapshotStore } from './drift/file-snapshot-store.js';
export {
  type DriftReport,
  diffSnapshots,
  type SchemaSnapshotStore,
  type ServerSnapshot,
  type ToolDrift,
  type ToolSchemaSnapshot,
} from './drift/schema-drift.js';
export {
  formatTclMcpName,
  parseTclMcpName,
  type TclMcpToolName,
  tclMcpNameCodec,
} from './naming/tcl-mcp-naming.js';
export {
  qualifiedNameCodec,
  type ToolNameCodec,
  type ToolNaming,
  toolNameCodec,
} from './naming/tool-name-codec.js';
export {
  type CreateMcpServerOptions,
  createMcpServer,
  type McpServerHandle,
} from './server/create-mcp-server.js';
export type { SessionLimits, SessionStats } from './server/http-sessions.js';
export { normalizeHost } from './server/origin-check.js';
export type { UpstreamCatalog } from './server/upstream-catalog.js';

export const VERSION = '0.1.0';
