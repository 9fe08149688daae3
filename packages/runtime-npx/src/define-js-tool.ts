import { isAbsolute, resolve } from 'node:path';
import {
  ConfigurationError,
  createToolDefinition,
  type JsonSchema,
  type StandardSchemaV1,
  type ToolDefinition,
  type ToolMetadataOptions,
} from '@tp/core';

export const NPX_RUNTIME = 'npx';

/** What an `npx` tool definition carries as its `source`. */
export type NpxToolSource =
  | {
      readonly kind: 'file';
      /** Absolute path of the .js/.mjs/.cjs/.ts/.mts file. */
      readonly file: string;
      readonly export: string;
    }
  | {
      readonly kind: 'npm';
      readonly package: string;
      /** An exact version (installed once into the cache, see installNpmTools). */
      readonly version: string;
      /** The export to call with the argument values, in the order of the schema's properties. */
      readonly export: string;
    };

export interface DefineJsToolOptions extends Omit<ToolMetadataOptions, 'description'> {
  /** The tool's file; a relative path is resolved against the current directory. */
  readonly file: string;
  /** The export to call (default `default`): a function `(args, ctx)` or an object with `execute`. */
  readonly export?: string;
  readonly description?: string;
  readonly inputSchema?: StandardSchemaV1 | JsonSchema;
}

const exportName = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const toolFile = /\.(?:m?js|cjs|m?ts|cts)$/;

/** Defines a tool that is an export of a JS or TS file, run by the `npx` runtime (createNpxRuntime). */
export function defineJsTool(options: DefineJsToolOptions): ToolDefinition<NpxToolSource> {
  const label = `tool "${String(options?.name)}"`;
  if (typeof options?.file !== 'string' || !toolFile.test(options.file)) {
    throw new ConfigurationError(
      `${label}.file`,
      'must be the path of a .js, .mjs, .cjs, .ts, .mts or .cts file',
    );
  }
  const exported = options.export ?? 'default';
  checkExportName(exported, `${label}.export`);
  const { file, export: _export, description, inputSchema, ...metadata } = options;
  return createToolDefinition<NpxToolSource>({
    ...metadata,
    description: description ?? '',
    inputSchema: inputSchema ?? { type: 'object' },
    runtime: NPX_RUNTIME,
    source: Object.freeze({
      kind: 'file',
      file: isAbsolute(file) ? file : resolve(file),
      export: exported,
    }),
  });
}

export function checkExportName(name: unknown, field: string): string {
  if (typeof name !== 'string' || !exportName.test(name)) {
    throw new ConfigurationError(field, 'must be an export name (an identifier, or "default")');
  }
  return name;
}
