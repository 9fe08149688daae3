import { readFile } from 'node:fs/promises';
import {
  ConfigurationError,
  createToolDefinition,
  type JsonSchema,
  type ToolDefinition,
  type ToolMetadataOptions,
  TpError,
} from '@tp/core';
import { DEFAULT_CACHE_DIR, transpileCached } from './compile/transpile-cache.js';
import { describeComponent } from './describe/describe-component.js';
import type { ToolAbi } from './invoke/invocation.js';

export const WASM_RUNTIME = 'wasm';

/** WASI interfaces the permissions manifest has no field for; denied unless granted here. */
export interface WasiGrants {
  /** wasi:clocks (wall clock and monotonic clock). */
  readonly clocks?: boolean;
  /** wasi:random (secure and insecure). */
  readonly random?: boolean;
}

/** What a WebAssembly tool definition carries as its `source`. */
export interface WasmToolSource {
  /** The component's bytes and their SHA-256 (hex). */
  readonly bytes: Uint8Array;
  readonly hash: string;
  readonly abi: ToolAbi;
  readonly grants: Required<WasiGrants>;
  /** Where the component came from (a file), for messages. */
  readonly origin?: string;
}

export interface DefineWasmToolOptions extends Omit<ToolMetadataOptions, 'description'> {
  /** A `.wasm` component: its path or its bytes. */
  readonly component: string | Uint8Array;
  /** The export to run; the tp world's `call` when the component has it. */
  readonly export?: string;
  /** Defaults to the one the component describes. */
  readonly description?: string;
  /** Defaults to the one the component describes (tp world) or derives from its WIT types. */
  readonly inputSchema?: JsonSchema;
  readonly grants?: WasiGrants;
  /** Where transpiled components are cached (default: the system's temporary folder). */
  readonly cacheDir?: string;
}

/**
 * Defines a tool run by the `wasm` runtime (createWasmRuntime) from a WebAssembly component. The
 * component is transpiled (once per content hash) and its metadata read now, not per call.
 */
export async function defineWasmTool(
  options: DefineWasmToolOptions,
): Promise<ToolDefinition<WasmToolSource>> {
  const label = `tool "${String(options?.name)}"`;
  const { component, export: exportName, grants, cacheDir, ...metadata } = options;
  const bytes = await readComponent(component, `${label}.component`);
  const transpiled = await transpileCached(bytes, cacheDir ?? DEFAULT_CACHE_DIR).catch(
    (error: unknown) => {
      throw new ConfigurationError(
        `${label}.component`,
        `is not a WebAssembly component jco can transpile: ${messageOf(error)}`,
        error,
      );
    },
  );
  const names = transpiled.exports.map(([name]) => name);
  if (!(names.includes('call') && names.includes('describe'))) {
    throw new ConfigurationError(
      `${label}.component`,
      `does not export the tp world's describe and call (its exports: ${names.join(', ') || 'none'})`,
    );
  }
  if (exportName !== undefined && exportName !== 'call') {
    throw new ConfigurationError(`${label}.export`, `must be "call" for a tp world component`);
  }
  const described = await describeComponent(transpiled.dir, `${label}.component`);
  return createToolDefinition<WasmToolSource>({
    ...metadata,
    description:
      metadata.description ?? described.description ?? `WebAssembly tool ${options.name}`,
    inputSchema: metadata.inputSchema ?? described.inputSchema ?? { type: 'object' },
    ...(described.outputSchema && !metadata.outputSchema
      ? { outputSchema: described.outputSchema }
      : {}),
    runtime: WASM_RUNTIME,
    source: Object.freeze({
      bytes,
      hash: transpiled.hash,
      abi: Object.freeze({ kind: 'tp' }) as ToolAbi,
      grants: Object.freeze({ clocks: grants?.clocks === true, random: grants?.random === true }),
      ...(typeof component === 'string' ? { origin: component } : {}),
    }),
  });
}

async function readComponent(component: unknown, field: string): Promise<Uint8Array> {
  if (component instanceof Uint8Array) return component;
  if (typeof component !== 'string') {
    throw new ConfigurationError(field, 'must be the path of a .wasm component or its bytes');
  }
  try {
    return new Uint8Array(await readFile(component));
  } catch (error) {
    throw new ConfigurationError(field, `cannot be read: ${messageOf(error)}`, error);
  }
}

export function messageOf(error: unknown): string {
  if (TpError.isInstance(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
