import { resolve } from 'node:path';
import { ConfigurationError, type PermissionKey, type ToolDefinition } from '@tp/core';
import type { ResolvedNpxLimits } from './npx-limits.js';

export type SandboxLevel = 'process' | 'thread' | 'none';

/**
 * What each level enforces of a permissions manifest (docs/runtime-npx.md has the table):
 * - process: fs grants through Node's permission model, env as an allow-list, wall time with a
 *   SIGKILL, the heap ceiling per child, output per call. Network and spawn are denied wholesale,
 *   so a grant of them cannot be honoured as listed; cpuMs is not measured.
 * - thread: trusted code in worker threads: env, wall time (the worker is terminated), heap
 *   (resourceLimits), output per call.
 * - none: in-process, nothing.
 */
export function npxEnforces(level: SandboxLevel): PermissionKey[] {
  switch (level) {
    case 'process':
      return ['fs.read', 'fs.write', 'env', 'timeMs', 'memoryMb', 'outputBytes'];
    case 'thread':
      return ['env', 'timeMs', 'memoryMb', 'outputBytes'];
    default:
      return [];
  }
}

const limitKeys = ['timeMs', 'memoryMb', 'outputBytes'] as const;

/** Refuses a tool asking for more time, memory or output than the runtime's limits. */
export function checkToolLimits(definition: ToolDefinition, limits: ResolvedNpxLimits): void {
  const permissions = definition.permissions;
  if (!permissions) return;
  for (const key of limitKeys) {
    const asked = permissions[key];
    if (asked !== undefined && asked > limits[key]) {
      throw new ConfigurationError(
        `tool "${definition.name}".permissions.${key}`,
        `asks for ${asked}, above this npx runtime's limit of ${limits[key]} (limits.${key})`,
      );
    }
  }
}

/** The limits of the tool's calls: its own, where it set them (never above the runtime's). */
export function toolLimits(
  definition: ToolDefinition,
  limits: ResolvedNpxLimits,
): ResolvedNpxLimits {
  const permissions = definition.permissions ?? {};
  return {
    timeMs: Math.min(limits.timeMs, permissions.timeMs ?? limits.timeMs),
    memoryMb: Math.min(limits.memoryMb, permissions.memoryMb ?? limits.memoryMb),
    outputBytes: Math.min(limits.outputBytes, permissions.outputBytes ?? limits.outputBytes),
  };
}

/**
 * The fs grants as absolute paths for Node's `--allow-fs-read/--allow-fs-write`. Node matches a
 * path, a directory (and everything under it) or a trailing `*`; other glob patterns are refused.
 */
export function fsGrants(definition: ToolDefinition, access: 'read' | 'write'): string[] {
  const paths = definition.permissions?.fs?.[access] ?? [];
  return paths.map((path, index) => {
    if (/[?[\]{}]|\*(?!$)/.test(path)) {
      throw new ConfigurationError(
        `tool "${definition.name}".permissions.fs.${access}[${index}]`,
        `"${path}": only paths and a trailing "*" can be enforced by Node's permission model`,
      );
    }
    // Node 20 splits --allow-fs-read/-write values at commas: such a path would grant others.
    if (path.includes(',')) {
      throw new ConfigurationError(
        `tool "${definition.name}".permissions.fs.${access}[${index}]`,
        `"${path}": a path with a comma cannot be passed to Node's permission model`,
      );
    }
    return resolve(path);
  });
}

/** The environment a call sees: only the variables the tool lists, with the host's values. */
export function allowedEnv(definition: ToolDefinition): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of definition.permissions?.env ?? []) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
