import {
  ConfigurationError,
  createToolDefinition,
  type JsonSchema,
  type ToolDefinition,
  type ToolMetadataOptions,
} from '@tp/core';
import { checkParameterName, parametersToSchema, type TclParameter } from './tcl-parameters.js';

export const TCL_RUNTIME = 'tcl';

/**
 * How a tool's outcome becomes its value:
 * - `text` (default): the script's result string; when that is empty and the script wrote to
 *   stdout, the stdout text (one trailing newline removed), as `puts`-style TCL MCP server tools answer.
 * - `json` (the `--json` mode): the script returns a dict, the value is a JSON object.
 * - `capture`: `{ result, stdout, stderr }`.
 */
export type TclResultMode = 'text' | 'json' | 'capture';

/** What a Tcl tool definition carries as its `source`. */
export interface TclToolSource {
  readonly script: string;
  /** Arguments set as Tcl variables (only these, never pasted into the script). */
  readonly parameterNames: readonly string[];
  readonly result: TclResultMode;
  /** Where the script came from (a .tcl file or a store entry), for messages. */
  readonly origin?: string;
}

export interface DefineTclToolOptions extends ToolMetadataOptions {
  readonly script: string;
  /** TCL MCP server parameters (`{ name, type_name|type, required, description }`) or a JSON Schema. */
  readonly parameters?: readonly TclParameter[] | JsonSchema;
  readonly result?: TclResultMode;
  readonly origin?: string;
}

const resultModes: readonly TclResultMode[] = ['text', 'json', 'capture'];

/** Defines a tool whose body is a Tcl script, run by the `tcl` runtime (createTclRuntime). */
export function defineTclTool(options: DefineTclToolOptions): ToolDefinition<TclToolSource> {
  const label = `tool "${String(options?.name)}"`;
  if (typeof options?.script !== 'string' || options.script.trim() === '') {
    throw new ConfigurationError(`${label}.script`, 'must be a non-empty Tcl script');
  }
  const result = options.result ?? 'text';
  if (!resultModes.includes(result)) {
    throw new ConfigurationError(`${label}.result`, `must be one of ${resultModes.join(', ')}`);
  }
  const parameters = options.parameters ?? [];
  const inputSchema = Array.isArray(parameters)
    ? parametersToSchema(parameters, `${label}.parameters`)
    : (parameters as JsonSchema);
  const properties = (inputSchema.properties ?? {}) as Record<string, unknown>;
  const parameterNames = Object.keys(properties).map((name) =>
    checkParameterName(name, `${label}.parameters.${name}`),
  );
  const { script, parameters: _parameters, result: _result, origin, ...metadata } = options;
  return createToolDefinition<TclToolSource>({
    ...metadata,
    inputSchema,
    runtime: TCL_RUNTIME,
    source: Object.freeze({
      script,
      parameterNames: Object.freeze(parameterNames),
      result,
      ...(origin ? { origin } : {}),
    }),
  });
}
