import {
  ConfigurationError,
  createToolDefinition,
  type JsonSchema,
  type StandardSchemaV1,
  type ToolDefinition,
  type ToolMetadataOptions,
} from '@tp/core';
import { checkExportName, NPX_RUNTIME, type NpxToolSource } from '../define-js-tool.js';

export interface DefineNpmToolOptions extends ToolMetadataOptions {
  /** The npm package name, e.g. `ms` or `@scope/name`. */
  readonly package: string;
  /** An exact version (`2.1.3`): the cache holds exactly what was installed, never a range. */
  readonly version: string;
  /**
   * The export to call (`default`: the module itself for CommonJS). It gets the argument values
   * positionally, in the order of the inputSchema's properties: `ms(value)` for `{ value }`.
   */
  readonly export: string;
  readonly inputSchema: StandardSchemaV1 | JsonSchema;
}

const packageName = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const exactVersion = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Defines a tool that is an export of an npm package, run by the `npx` runtime. The package is
 * installed by `installNpmTools` / `runtime.install` before use, never when the tool is called.
 */
export function defineNpmTool(options: DefineNpmToolOptions): ToolDefinition<NpxToolSource> {
  const label = `tool "${String(options?.name)}"`;
  if (typeof options?.package !== 'string' || !packageName.test(options.package)) {
    throw new ConfigurationError(`${label}.package`, 'must be an npm package name');
  }
  if (typeof options.version !== 'string' || !exactVersion.test(options.version)) {
    throw new ConfigurationError(
      `${label}.version`,
      `must be an exact version such as 1.2.3 (got ${String(options.version)})`,
    );
  }
  checkExportName(options.export, `${label}.export`);
  const { package: name, version, export: exported, ...metadata } = options;
  return createToolDefinition<NpxToolSource>({
    ...metadata,
    runtime: NPX_RUNTIME,
    source: Object.freeze({ kind: 'npm', package: name, version, export: exported }),
  });
}
