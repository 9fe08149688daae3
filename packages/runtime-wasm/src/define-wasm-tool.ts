import { readFile } from 'node:fs/promises';
import {
  ConfigurationError,
  createToolDefinition,
  type JsonSchema,
  type ToolDefinition,
  type ToolMetadataOptions,
  TpError,
} from '@tp/core';
import {
  DEFAULT_CACHE_DIR,
  isTpWorld,
  type TranspiledComponent,
  transpileCached,
} from './compile/transpile-cache.js';
import { type ComponentDescription, describeComponent } from './describe/describe-component.js';
import type { ToolAbi } from './invoke/tool-abi.js';
import type { UnmappableFunction } from './wit/component-functions.js';
import { paramsSchema, resultSchema } from './wit/wit-json.js';
import type { WitFunction } from './wit/wit-type.js';

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
  /** Where transpiled components are cached (default `~/.cache/tp-wasm`, see createWasmRuntime). */
  readonly cacheDir?: string;
}

/**
 * Defines a tool run by the `wasm` runtime (createWasmRuntime) from a WebAssembly component. The
 * component is transpiled (once per content hash) and its metadata read now, not per call: a tp
 * world component describes itself; any other component's exported function (`export`, needed
 * when it has several) becomes the tool, its input schema derived from the WIT types.
 */
export async function defineWasmTool(
  options: DefineWasmToolOptions,
): Promise<ToolDefinition<WasmToolSource>> {
  const label = `tool "${String(options?.name)}"`;
  const { component, export: exportName, grants, cacheDir, ...metadata } = options;
  const bytes = await readComponent(component, `${label}.component`);
  const transpiled = await inspectComponent(bytes, cacheDir, `${label}.component`);
  const described = isTpWorld(transpiled.exports)
    ? await tpWorldMetadata(transpiled, exportName, label)
    : typedMetadata(pickFunction(transpiled, exportName, label), label);
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
      abi: described.abi,
      grants: Object.freeze({ clocks: grants?.clocks === true, random: grants?.random === true }),
      ...(typeof component === 'string' ? { origin: component } : {}),
    }),
  });
}

/** Transpiles (or finds in the cache) a component; what jco cannot read is a configuration error. */
export function inspectComponent(
  bytes: Uint8Array,
  cacheDir: string | undefined,
  field: string,
): Promise<TranspiledComponent> {
  return transpileCached(bytes, cacheDir ?? DEFAULT_CACHE_DIR).catch((error: unknown) => {
    throw new ConfigurationError(
      field,
      `is not a WebAssembly component jco can transpile: ${messageOf(error)}`,
      error,
    );
  });
}

interface Metadata extends ComponentDescription {
  readonly abi: ToolAbi;
}

async function tpWorldMetadata(
  transpiled: TranspiledComponent,
  exportName: string | undefined,
  label: string,
): Promise<Metadata> {
  if (exportName !== undefined && exportName !== 'call') {
    throw new ConfigurationError(`${label}.export`, 'must be "call" for a tp world component');
  }
  const described = await describeComponent(transpiled.dir, `${label}.component`);
  return { ...described, abi: { kind: 'tp' } };
}

/** The qualified name of an exported function: `name`, or `interface#name`. */
export function functionName(fn: { readonly name: string; readonly interface?: string }): string {
  return fn.interface ? `${fn.interface}#${fn.name}` : fn.name;
}

function pickFunction(
  transpiled: TranspiledComponent,
  exportName: string | undefined,
  label: string,
): WitFunction | UnmappableFunction {
  const functions = transpiled.functions ?? [];
  const names = functions.map(functionName);
  const matches =
    exportName === undefined
      ? functions
      : functions.filter((fn) => functionName(fn) === exportName || fn.name === exportName);
  if (matches.length === 1) return matches[0] as WitFunction | UnmappableFunction;
  throw new ConfigurationError(
    exportName === undefined ? `${label}.component` : `${label}.export`,
    exportName === undefined && functions.length > 1
      ? `exports several functions; name one in "export" (${names.join(', ')})`
      : `has no ${matches.length > 1 ? 'single ' : ''}exported function ${exportName ?? ''} (its functions: ${names.join(', ') || 'none'})`,
  );
}

function typedMetadata(fn: WitFunction | UnmappableFunction, label: string): Metadata {
  if ('unmappable' in fn) {
    throw new ConfigurationError(
      `${label}.component`,
      `its export ${functionName(fn)} has a type with no JSON form: ${fn.unmappable}`,
    );
  }
  return {
    description: `${functionName(fn)} (WebAssembly component export)`,
    inputSchema: paramsSchema(fn.params),
    ...(fn.result ? { outputSchema: resultSchema(fn.result) } : {}),
    abi: { kind: 'typed', function: fn },
  };
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
