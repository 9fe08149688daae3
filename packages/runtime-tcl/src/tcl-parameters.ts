import { ConfigurationError, type JsonSchema } from '@tp/core';

/**
 * A tool parameter as the TCL MCP server declares it: in `# @param name:type:required description`
 * headers and in its JSON store (`type_name`). `type` is accepted as an alias of `type_name`.
 */
export interface TclParameter {
  readonly name: string;
  readonly type_name?: string;
  readonly type?: string;
  readonly required?: boolean;
  readonly description?: string;
}

const jsonTypes: Readonly<Record<string, string>> = {
  string: 'string',
  str: 'string',
  int: 'integer',
  integer: 'integer',
  number: 'number',
  float: 'number',
  double: 'number',
  bool: 'boolean',
  boolean: 'boolean',
  list: 'array',
  array: 'array',
  dict: 'object',
  object: 'object',
};

/** Parameter names become Tcl variables: plain identifiers that shadow nothing Tcl predefines. */
const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const reserved = new Set(['tcl_platform', 'tcl_version', 'tcl_patchLevel', 'tcl_interactive']);

/** Maps a TCL MCP server type name to JSON Schema: int→integer, list→array, unknown→string. */
export function jsonTypeOf(typeName: string | undefined): string {
  return jsonTypes[(typeName ?? 'string').toLowerCase()] ?? 'string';
}

export function checkParameterName(name: unknown, field: string): string {
  if (typeof name !== 'string' || !namePattern.test(name) || reserved.has(name)) {
    throw new ConfigurationError(
      field,
      `"${String(name)}" must be a Tcl variable name (letters, digits, "_") that Tcl does not predefine`,
    );
  }
  return name;
}

/** The JSON Schema of a TCL MCP server parameter list. */
export function parametersToSchema(parameters: readonly TclParameter[], field: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  parameters.forEach((parameter, index) => {
    const name = checkParameterName(parameter?.name, `${field}[${index}].name`);
    const property: Record<string, unknown> = {
      type: jsonTypeOf(parameter.type_name ?? parameter.type),
    };
    if (parameter.description) property.description = parameter.description;
    properties[name] = property as JsonSchema;
    if (parameter.required) required.push(name);
  });
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
  } as JsonSchema;
}
