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
  /** JSON Schema of the tool's structured result (MCP `outputSchema`). */
  readonly outputSchema?: JsonSchema;
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
function withoutDialect(schema: object): JsonSchema {
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
  return rest as JsonSchema;
}

function importSchema(schema: SdkTool['inputSchema']): JsonSchema {
  return { type: 'object', ...withoutDialect(schema ?? {}) } as JsonSchema;
}

// Anything but a plain object goes to core unchanged, so core's own check rejects it.
function importOutputSchema(schema: unknown): JsonSchema {
  const plain = typeof schema === 'object' && schema !== null && !Array.isArray(schema);
  return plain ? withoutDialect(schema) : (schema as JsonSchema);
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
    ...(tool.outputSchema !== undefined
      ? { outputSchema: importOutputSchema(tool.outputSchema) }
      : {}),
    ...(sideEffect ? { sideEffect } : {}),
    ...(annotations.idempotentHint !== undefined ? { idempotent: annotations.idempotentHint } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    resilienceGroup: { name: server, ...(maxConcurrency !== undefined ? { maxConcurrency } : {}) },
    tags: ['mcp', `mcp:${server}`],
    // `listing` is the tools/list entry as the server sent it: createMcpServer lists the tool with
    // it (title, icons, annotations, _meta, `$schema`) so nothing is lost through tp.
    metadata: { mcp: { server, tool: tool.name, annotations, title: tool.title, listing: tool } },
  });
}

/**
 * Imports a `tools/list` answer tool by tool, so one bad tool never costs the server its others:
 * a tool whose `outputSchema` core rejects is imported without it, a tool that cannot be imported
 * at all is left out; `onProblem` hears about both (StreamManager emits them as `error` events).
 */
export function importTools(
  server: string,
  tools: readonly SdkTool[],
  naming: ImportNaming,
  timeoutMs: number | undefined,
  maxConcurrency: number | undefined,
  onProblem: (error: Error) => void,
): Array<{ remote: string; definition: ToolDefinition<McpToolSource> }> {
  return tools.flatMap((tool) => {
    const attempt = (candidate: SdkTool) => [
      {
        remote: tool.name,
        definition: importTool(server, candidate, naming, timeoutMs, maxConcurrency),
      },
    ];
    try {
      return attempt(tool);
    } catch (error) {
      onProblem(error as Error);
      if (tool.outputSchema === undefined) return [];
      const { outputSchema: _rejected, ...withoutOutput } = tool;
      try {
        return attempt(withoutOutput);
      } catch (retryError) {
        onProblem(retryError as Error);
        return [];
      }
    }
  });
}
