import { isAbsolute } from 'node:path';
import { ConfigurationError, type PermissionKey, type ToolDefinition } from '@tp/core';
import type { WasmToolSource } from './define-wasm-tool.js';
import type { HostGrants, Preopen } from './host/host-grants.js';
import type { ResolvedWasmLimits } from './wasm-limits.js';

export type WasmMode = 'isolated' | 'trusted';

/**
 * What the WebAssembly runtime enforces of a permissions manifest: fs.read and fs.write
 * (preopens of the listed directories, read-only unless listed in write), env (the guest sees
 * only the named variables), memoryMb and outputBytes per call, and timeMs in isolated mode (a
 * trusted call runs on the host thread and cannot be stopped). No network or process import is
 * ever backed, so those grants cannot be honoured; cpuMs is not measured.
 */
export function wasmEnforces(mode: WasmMode): PermissionKey[] {
  return mode === 'isolated'
    ? ['fs.read', 'fs.write', 'env', 'timeMs', 'memoryMb', 'outputBytes']
    : ['fs.read', 'fs.write', 'env', 'memoryMb', 'outputBytes'];
}

const glob = /[*?[\]{}]/;

/** Refuses an fs entry that is not an absolute directory path (globs cannot be preopened). */
export function checkPreopens(definition: ToolDefinition): void {
  for (const key of ['read', 'write'] as const) {
    (definition.permissions?.fs?.[key] ?? []).forEach((path, index) => {
      if (!isAbsolute(path) || glob.test(path)) {
        throw new ConfigurationError(
          `tool "${definition.name}".permissions.fs.${key}[${index}]`,
          `must be an absolute directory path without glob characters (got ${JSON.stringify(path)}): the WebAssembly runtime preopens each directory`,
        );
      }
    });
  }
}

const limitKeys = ['timeMs', 'memoryMb', 'outputBytes'] as const;

/** Refuses a tool asking for more than the runtime's limits (they are the upper bound). */
export function checkToolLimits(definition: ToolDefinition, limits: ResolvedWasmLimits): void {
  for (const key of limitKeys) {
    const asked = definition.permissions?.[key];
    if (asked !== undefined && asked > limits[key]) {
      throw new ConfigurationError(
        `tool "${definition.name}".permissions.${key}`,
        `asks for ${asked}, above this WebAssembly runtime's limit of ${limits[key]} (limits.${key})`,
      );
    }
  }
}

/** The limits of one call of the tool: its own, where it declares them (never above the runtime's). */
export function callLimits(
  definition: ToolDefinition,
  limits: ResolvedWasmLimits,
): ResolvedWasmLimits {
  const permissions = definition.permissions;
  return {
    timeMs: Math.min(limits.timeMs, permissions?.timeMs ?? limits.timeMs),
    memoryMb: Math.min(limits.memoryMb, permissions?.memoryMb ?? limits.memoryMb),
    outputBytes: Math.min(limits.outputBytes, permissions?.outputBytes ?? limits.outputBytes),
  };
}

/** The directories a tool's fs grants preopen: each once, writable when fs.write lists it. */
function preopensOf(definition: ToolDefinition): Preopen[] {
  const write = definition.permissions?.fs?.write ?? [];
  const read = (definition.permissions?.fs?.read ?? []).filter((path) => !write.includes(path));
  return [
    ...read.map((path) => ({ path, write: false })),
    ...write.map((path) => ({ path, write: true })),
  ];
}

/** The host grants of one call: the named variables that are set, the tool's WASI grants. */
export function grantsOf(definition: ToolDefinition<WasmToolSource>): HostGrants {
  const env = (definition.permissions?.env ?? []).flatMap((name) => {
    const value = process.env[name];
    return value === undefined ? [] : [[name, value] as const];
  });
  return {
    env,
    clocks: definition.source.grants.clocks,
    random: definition.source.grants.random,
    preopens: preopensOf(definition),
  };
}
