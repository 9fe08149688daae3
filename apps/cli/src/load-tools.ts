import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRegistry, type ToolDefinition, type ToolRegistry } from '@tp/core';
import { CliError } from './cli-error.js';

/**
 * A definition made by any copy of @tp/core (the user's module may bring its own), recognised
 * by shape rather than by instanceof.
 */
export function isToolDefinition(value: unknown): value is ToolDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ToolDefinition>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.runtime === 'string' &&
    typeof candidate.schemaHash === 'string' &&
    typeof candidate.inputSchema === 'object'
  );
}

/**
 * Imports a tools module (a path relative to `cwd`) and returns its definitions: every export
 * that is a tool definition plus the members of an array export `tools`, each once.
 */
export async function loadToolModule(specifier: string, cwd: string): Promise<ToolDefinition[]> {
  const path = resolve(cwd, specifier);
  if (!existsSync(path)) {
    throw new CliError(`cannot load --tools "${specifier}": no such file (${path})`);
  }
  let exports: Record<string, unknown>;
  try {
    exports = await import(pathToFileURL(path).href);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot load --tools "${specifier}": ${reason}`);
  }
  const found = new Set<ToolDefinition>();
  if (exports.tools !== undefined) {
    if (!Array.isArray(exports.tools)) {
      throw new CliError(`--tools "${specifier}": the export "tools" must be an array`);
    }
    exports.tools.forEach((tool: unknown, index: number) => {
      if (!isToolDefinition(tool)) {
        throw new CliError(
          `--tools "${specifier}": tools[${index}] is not a tool definition (create it with defineTool)`,
        );
      }
      found.add(tool);
    });
  }
  for (const value of Object.values(exports)) if (isToolDefinition(value)) found.add(value);
  if (found.size === 0) {
    throw new CliError(
      `--tools "${specifier}" exports no tool definitions (export them by name, or as an array "tools")`,
    );
  }
  return [...found];
}

/** A registry holding the tools of every module, in order; a clash is reported as a usage error. */
export async function loadRegistry(
  specifiers: readonly string[],
  cwd: string,
): Promise<ToolRegistry> {
  const registry = createRegistry();
  for (const specifier of specifiers) {
    const tools = await loadToolModule(specifier, cwd);
    try {
      registry.register(...tools);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(`--tools "${specifier}": ${reason}`);
    }
  }
  return registry;
}
