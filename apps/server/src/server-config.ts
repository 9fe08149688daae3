import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from '@tp/core';
import { loadMcpConfig, type McpServerConfig, type SessionLimits } from '@tp/mcp';
import { z } from 'zod';
import type { ToolFolder } from './tool-folders.js';

const fileSchema = z
  .object({
    /** Upstream MCP servers, in the desktop clients' format; proxied under their names. */
    mcpServers: z.record(z.string(), z.unknown()).optional(),
    /** ES modules exporting tool definitions, relative to the config file. */
    tools: z.array(z.string().min(1)).optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    /** Folder for MCP schema snapshots (drift detection); off when absent. */
    schemaSnapshotDir: z.string().optional(),
    quarantineBreakingChanges: z.boolean().optional(),
    /** How tools are named for clients: `qualified` (`namespace.name`) or `tcl-mcp` (`bin__x`). */
    naming: z.enum(['qualified', 'bare', 'tcl-mcp']).optional(),
    /** Streamable HTTP sessions: idle timeout (ms, 0 = never) and the most open at once. */
    sessions: z
      .object({
        idleTimeoutMs: z.number().int().min(0).max(2_147_483_647).optional(),
        max: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Browser origins allowed on /mcp (default: loopback origins of the server's port). */
    allowedOrigins: z.array(z.string().min(1)).optional(),
    /** Serve only search_tools, get_tool_schema and call_tool (plus `pinned`) to clients. */
    dynamic: z.boolean().optional(),
    /** Tools still listed directly in dynamic mode (qualified names). */
    pinned: z.array(z.string().min(1)).optional(),
    /** Desktop clients' MCP config files whose `mcpServers` are connected and followed. */
    mcpConfigFiles: z.array(z.string().min(1)).optional(),
    /** Folders of tool files loaded and watched (reloaded on change), relative to the config file. */
    toolFolders: z
      .array(z.object({ dir: z.string().min(1), runtime: z.literal('tcl') }).strict())
      .optional(),
  })
  .strict();

export interface ServerFileConfig {
  readonly servers: Record<string, McpServerConfig>;
  readonly tools: string[];
  readonly host?: string;
  readonly port?: number;
  readonly schemaSnapshotDir?: string;
  readonly quarantineBreakingChanges?: boolean;
  readonly naming?: 'qualified' | 'bare' | 'tcl-mcp';
  readonly sessions?: SessionLimits;
  readonly allowedOrigins?: readonly string[];
  readonly dynamic?: boolean;
  readonly pinned?: readonly string[];
  readonly toolFolders: readonly ToolFolder[];
  readonly mcpConfigFiles: readonly string[];
}

/** Reads the server's JSON config; relative paths are resolved against the file's folder. */
export async function loadServerConfig(path: string): Promise<ServerFileConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(
      path,
      `cannot read the server config: ${(error as Error).message}`,
      error,
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigurationError([path, ...issue.path.map(String)].join(': '), issue.message);
  }
  const base = dirname(resolve(path));
  const { mcpServers, tools, schemaSnapshotDir, toolFolders, mcpConfigFiles, ...rest } =
    parsed.data;
  return {
    ...rest,
    servers: mcpServers ? await loadMcpConfig(path) : {},
    tools: (tools ?? []).map((tool) => resolve(base, tool)),
    mcpConfigFiles: (mcpConfigFiles ?? []).map((file) => resolve(base, file)),
    toolFolders: (toolFolders ?? []).map((folder) => ({
      ...folder,
      dir: resolve(base, folder.dir),
    })),
    ...(schemaSnapshotDir ? { schemaSnapshotDir: resolve(base, schemaSnapshotDir) } : {}),
  };
}
