import { pathToFileURL } from 'node:url';
import { ConfigurationError, type ToolDefinition } from '@tp/core';

// Recognised by shape, not instanceof: a tools module may bring its own copy of @tp/core.
function isToolDefinition(value: unknown): value is ToolDefinition {
  const candidate = value as Partial<ToolDefinition> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.name === 'string' &&
    typeof candidate.runtime === 'string' &&
    typeof candidate.schemaHash === 'string'
  );
}

/** Every tool definition exported by the modules (named exports and a `tools` array), each once. */
export async function loadToolModules(paths: readonly string[]): Promise<ToolDefinition[]> {
  const found = new Set<ToolDefinition>();
  for (const path of paths) {
    let exports: Record<string, unknown>;
    try {
      exports = await import(pathToFileURL(path).href);
    } catch (error) {
      throw new ConfigurationError(
        `tools: ${path}`,
        `cannot import: ${(error as Error).message}`,
        error,
      );
    }
    const candidates = [
      ...(Array.isArray(exports.tools) ? exports.tools : []),
      ...Object.values(exports),
    ];
    for (const candidate of candidates) if (isToolDefinition(candidate)) found.add(candidate);
  }
  return [...found];
}
