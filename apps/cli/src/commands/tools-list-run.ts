import type { ToolDefinition } from '@tp/core';
import { ExitCode } from '../cli-error.js';
import type { CommandInput } from '../command.js';
import { loadRegistry } from '../load-tools.js';
import { toolModules } from '../shared-options.js';

/** `tp tools list`: the tools of the --tools modules, as a table or JSON. */
export async function runToolsList({ values, io }: CommandInput): Promise<number> {
  const registry = await loadRegistry(toolModules(values), io.cwd);
  const tools = registry.list();
  io.stdout.write(
    values.json
      ? `${JSON.stringify(tools.map(describe), null, 2)}\n`
      : table(tools, registry.defaultNamespace),
  );
  return ExitCode.ok;
}

/** The serializable part of a definition (no source function, no validator). */
function describe(tool: ToolDefinition) {
  return {
    name: tool.name,
    namespace: tool.namespace,
    version: tool.version,
    description: tool.description,
    runtime: tool.runtime,
    ...(tool.sideEffect ? { sideEffect: tool.sideEffect } : {}),
    ...(tool.idempotent !== undefined ? { idempotent: tool.idempotent } : {}),
    ...(tool.timeoutMs !== undefined ? { timeoutMs: tool.timeoutMs } : {}),
    tags: tool.tags,
    ...(tool.deprecated !== undefined ? { deprecated: tool.deprecated } : {}),
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    schemaHash: tool.schemaHash,
  };
}

/** Names as a model calls them: bare in the default namespace, qualified elsewhere. */
function table(tools: readonly ToolDefinition[], defaultNamespace: string): string {
  if (tools.length === 0) return 'no tools (load some with --tools <module>)\n';
  const rows = [
    ['NAME', 'VERSION', 'RUNTIME', 'DESCRIPTION'],
    ...tools.map((tool) => [
      tool.namespace === defaultNamespace ? tool.name : `${tool.namespace}.${tool.name}`,
      tool.version,
      tool.runtime,
      tool.description,
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
