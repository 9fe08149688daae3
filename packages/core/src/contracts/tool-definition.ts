import type { JsonSchema } from './json-schema.js';
import type { ToolPermissionsV1 } from './permissions/v1/tool-permissions-v1.js';
import type { StandardSchemaV1 } from './standard-schema.js';

export type SideEffect = 'read_only' | 'write' | 'destructive';

/**
 * Tools that fail and saturate together (every tool of one MCP server, of one remote API...).
 * The processor's circuit breaker keys grouped tools by group, and its bulkhead limits the group.
 */
export interface ResilienceGroup {
  readonly name: string;
  /** Calls of the group's tools running at once, when the processor's bulkhead is on. */
  readonly maxConcurrency?: number;
}

/**
 * The unified definition of a tool, whatever runtime executes it. Definitions are immutable once
 * created (defineTool freezes them); runtimes may key caches on the object.
 */
export interface ToolDefinition<Source = unknown> {
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  readonly description: string;
  /** JSON Schema of the arguments object (derived from zod when the tool was defined with zod). */
  readonly inputSchema: JsonSchema;
  readonly outputSchema?: JsonSchema;
  /** When set, arguments are validated with it (typed, with defaults/transforms) instead of inputSchema. */
  readonly argumentsValidator?: StandardSchemaV1;
  /** Runtime kind that executes this tool: 'in-process', 'tcl', 'wasm', 'npx', 'mcp', ... */
  readonly runtime: string;
  /** Runtime-specific payload: a function, a Tcl script, a wasm path, an MCP server id + remote name. */
  readonly source: Source;
  readonly sideEffect?: SideEffect;
  readonly idempotent?: boolean;
  readonly timeoutMs?: number;
  readonly tags: readonly string[];
  readonly cost?: number;
  readonly deprecated?: boolean | string;
  /** Opt in to safe coercions of arguments (a numeric string for a number, "true" for a boolean). */
  readonly coerceArguments?: boolean;
  /** The group sharing one circuit breaker and one bulkhead (default: none, per tool). */
  readonly resilienceGroup?: ResilienceGroup;
  /** What the tool may reach and use; absent fields grant nothing (docs/permissions.md). */
  readonly permissions?: ToolPermissionsV1;
  /** Free-form metadata for plugins (guards, discovery, servers). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** SHA-256 (hex) of the canonical JSON of name, version, input and output schemas. */
  readonly schemaHash: string;
}

export function qualifiedName(tool: Pick<ToolDefinition, 'name' | 'namespace'>): string {
  return `${tool.namespace}.${tool.name}`;
}
