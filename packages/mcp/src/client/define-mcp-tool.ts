import {
  createToolDefinition,
  type JsonSchema,
  type SideEffect,
  type ToolDefinition,
  type ToolMetadataOptions,
} from '@tp/core';
import type { SdkTool } from '../sdk/sdk-adapter.js';
import { MCP_RUNTIME, type McpToolSource } from './mcp-tool-source.js';

export interface DefineMcpToolOptions extends Omit<ToolMetadataOptions, 'name'> {
  /** Server name as configured in the StreamManager. */
  readonly server: string;
  /** The tool's name on the server. */
  readonly tool: string;
  /** Registry name; defaults to the remote name made registry-safe. */
  readonly name?: string;
  readonly inputSchema?: JsonSchema;
}

/** Makes a remote tool name fit the registry's name alphabet (letters, digits, "_", "-"). */
export function registryNameFor(remoteName: string): string {
  const safe = remoteName.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128);
  return safe.startsWith('-') ? `_${safe.slice(1)}` : safe || '_';
}

/**
 * Declares an MCP tool without listing the server (e.g. for static configuration or tests);
 * StreamManager builds the same definitions from `tools/list`. The server is the tool's
 * resilience group unless given otherwise: one breaker and one bulkhead per server.
 */
export function defineMcpTool(options: DefineMcpToolOptions): ToolDefinition<McpToolSource> {
  const { server, tool, inputSchema, name, ...metadata } = options;
  return createToolDefinition<McpToolSource>({
    resilienceGroup: server,
    ...metadata,
    name: name ?? registryNameFor(tool),
    namespace: options.namespace ?? server,
    inputSchema: inputSchema ?? { type: 'object' },
    runtime: MCP_RUNTIME,
    source: { server, tool },
  });
}

/** Read-only/destructive hints of MCP annotations, in our vocabulary. */
export function sideEffectOf(annotations: SdkTool['annotations']): SideEffect | undefined {
  if (!annotations) return undefined;
  if (annotations.readOnlyHint === true) return 'read_only';
  if (annotations.destructiveHint === true) return 'destructive';
  // The spec's default for a tool that is not read-only is "may be destructive"; only an explicit
  // destructiveHint: false makes it a plain write.
  if (annotations.readOnlyHint === false || annotations.destructiveHint === false) {
    return annotations.destructiveHint === false ? 'write' : 'destructive';
  }
  return undefined;
}

export interface ImportNaming {
  /** Registry namespace of the server's tools (default: the server name). */
  readonly namespace: string;
  /** When set, tools are named `<server><prefixSeparator><tool>` inside `namespace`. */
  readonly prefix?: string;
}

/** Drops `$schema` (draft-07 from many servers) so the 2020-12 validator reads the schema. */
function importSchema(schema: SdkTool['inputSchema']): JsonSchema {
  const { $schema: _dialect, ...rest } = (schema ?? { type: 'object' }) as Record<string, unknown>;
  return { type: 'object', ...rest } as JsonSchema;
}

/** A `tools/list` entry as a registry tool of runtime kind `mcp`. */
export function importTool(
  server: string,
  tool: SdkTool,
  naming: ImportNaming,
  timeoutMs: number | undefined,
  maxConcurrency?: number,
): ToolDefinition<McpToolSource> {
  const sideEffect = sideEffectOf(tool.annotations);
  const annotations = tool.annotations ?? {};
  return defineMcpTool({
    server,
    tool: tool.name,
    name: registryNameFor(`${naming.prefix ?? ''}${tool.name}`),
    namespace: naming.namespace,
    description: tool.description ?? tool.title ?? '',
    inputSchema: importSchema(tool.inputSchema),
    ...(sideEffect ? { sideEffect } : {}),
    ...(annotations.idempotentHint !== undefined ? { idempotent: annotations.idempotentHint } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    resilienceGroup: { name: server, ...(maxConcurrency !== undefined ? { maxConcurrency } : {}) },
    tags: ['mcp', `mcp:${server}`],
    metadata: { mcp: { server, tool: tool.name, annotations, title: tool.title } },
  });
}
