import type { JsonSchema } from './contracts/json-schema.js';
import type { ToolPermissionsV1 } from './contracts/permissions/v1/tool-permissions-v1.js';
import type { ToolExecutionContext } from './contracts/runtime/v1/tool-runtime-v1.js';
import type { InferOutput, StandardSchemaV1 } from './contracts/standard-schema.js';
import type { ResilienceGroup, SideEffect, ToolDefinition } from './contracts/tool-definition.js';
import { ConfigurationError } from './errors/configuration-error.js';
import { checkPermissions } from './permissions/check-permissions.js';
import { normalizeSchema } from './schema/input-schema.js';
import { canonicalJson } from './util/canonical-json.js';
import { sha256Hex } from './util/sha256.js';
import { schemaShapeProblem } from './validation/check-schema-shape.js';

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_VERSION = '1.0.0';
export const IN_PROCESS_RUNTIME = 'in-process';

const namePattern = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,127}$/;
const namespacePattern = /^[A-Za-z0-9_][A-Za-z0-9_:-]{0,127}$/;
const versionPattern = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export type ToolFunction<Args> = (args: Args, ctx: ToolExecutionContext) => unknown;

/** Options shared by every way of defining a tool (in-process, Tcl, wasm, MCP...). */
export interface ToolMetadataOptions {
  name: string;
  namespace?: string;
  version?: string;
  description: string;
  outputSchema?: StandardSchemaV1 | JsonSchema;
  sideEffect?: SideEffect;
  idempotent?: boolean;
  timeoutMs?: number;
  tags?: readonly string[];
  cost?: number;
  deprecated?: boolean | string;
  coerceArguments?: boolean;
  /** A group name, or the group with its concurrency limit (see docs/resilience.md). */
  resilienceGroup?: string | ResilienceGroup;
  /** What the tool may reach and use; default deny-all (docs/permissions.md). */
  permissions?: ToolPermissionsV1;
  metadata?: Readonly<Record<string, unknown>>;
}

export interface DefineToolOptions<Schema extends StandardSchemaV1 | JsonSchema>
  extends ToolMetadataOptions {
  inputSchema: Schema;
  execute: ToolFunction<
    Schema extends StandardSchemaV1 ? InferOutput<Schema> : Record<string, any>
  >;
}

/** Defines an in-process tool: `execute(args, ctx)` is called with validated arguments. */
export function defineTool<Schema extends StandardSchemaV1 | JsonSchema>(
  options: DefineToolOptions<Schema>,
): ToolDefinition<ToolFunction<any>> {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('tool', 'a tool definition object is required');
  }
  if (typeof options.execute !== 'function') {
    throw new ConfigurationError(`${labelOf(options)}.execute`, 'must be a function');
  }
  return createToolDefinition({ ...options, runtime: IN_PROCESS_RUNTIME, source: options.execute });
}

export interface ToolDefinitionInput<Source> extends ToolMetadataOptions {
  inputSchema: StandardSchemaV1 | JsonSchema;
  runtime: string;
  source: Source;
}

/**
 * Validates and freezes a definition for any runtime; runtime packages build their own
 * `defineXTool` helpers on it so every tool gets the same checks, JSON Schema and schemaHash.
 * Every invalid option is a ConfigurationError naming the field.
 */
export function createToolDefinition<Source>(
  options: ToolDefinitionInput<Source>,
): ToolDefinition<Source> {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('tool', 'a tool definition object is required');
  }
  const label = labelOf(options);
  if (typeof options.name !== 'string' || !namePattern.test(options.name)) {
    throw new ConfigurationError(
      'tool.name',
      `"${String(options.name)}" must be 1-128 letters, digits, "_" or "-" and not start with "-"`,
    );
  }
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  if (typeof namespace !== 'string' || !namespacePattern.test(namespace)) {
    throw new ConfigurationError(
      `${label}.namespace`,
      `"${String(namespace)}" must be 1-128 letters, digits, "_", "-" or ":"`,
    );
  }
  const version = options.version ?? DEFAULT_VERSION;
  if (typeof version !== 'string' || !versionPattern.test(version)) {
    throw new ConfigurationError(
      `${label}.version`,
      `"${String(version)}" is not a semantic version (e.g. 1.2.0)`,
    );
  }
  if (typeof options.description !== 'string') {
    throw new ConfigurationError(`${label}.description`, 'must be a string');
  }
  if (typeof options.runtime !== 'string' || options.runtime === '') {
    throw new ConfigurationError(`${label}.runtime`, 'must name a runtime kind');
  }
  checkMetadataOptions(options, label);
  if (options.inputSchema === undefined) {
    throw new ConfigurationError(
      `${label}.inputSchema`,
      'is required (use { type: "object" } for no arguments)',
    );
  }
  const input = normalizeSchema(options.inputSchema, `${label}.inputSchema`);
  const output =
    options.outputSchema === undefined
      ? undefined
      : normalizeSchema(options.outputSchema, `${label}.outputSchema`);
  if (options.coerceArguments || !input.validator) {
    // Fail now, not on the first call, for what can be seen without compiling a validator.
    const problem = schemaShapeProblem(input.jsonSchema);
    if (problem) {
      throw new ConfigurationError(
        `${label}.inputSchema`,
        `is not a usable JSON Schema: ${problem}`,
      );
    }
  }

  const definition: ToolDefinition<Source> = {
    name: options.name,
    namespace,
    version,
    description: options.description,
    inputSchema: input.jsonSchema,
    ...(output ? { outputSchema: output.jsonSchema } : {}),
    ...(input.validator ? { argumentsValidator: input.validator } : {}),
    runtime: options.runtime,
    source: options.source,
    ...(options.sideEffect ? { sideEffect: options.sideEffect } : {}),
    ...(options.idempotent !== undefined ? { idempotent: options.idempotent } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    tags: Object.freeze([...(options.tags ?? [])]),
    ...(options.cost !== undefined ? { cost: options.cost } : {}),
    ...(options.deprecated !== undefined ? { deprecated: options.deprecated } : {}),
    ...(options.coerceArguments ? { coerceArguments: true } : {}),
    ...(options.resilienceGroup !== undefined
      ? { resilienceGroup: groupOf(options.resilienceGroup) }
      : {}),
    ...(options.permissions !== undefined
      ? { permissions: checkPermissions(options.permissions, `${label}.permissions`) }
      : {}),
    ...(options.metadata ? { metadata: Object.freeze({ ...options.metadata }) } : {}),
    schemaHash: sha256Hex(
      canonicalJson({
        name: options.name,
        version,
        inputSchema: input.jsonSchema,
        outputSchema: output?.jsonSchema ?? null,
      }),
    ),
  };
  return Object.freeze(definition);
}

function groupOf(group: string | ResilienceGroup): ResilienceGroup {
  if (typeof group === 'string') return Object.freeze({ name: group });
  return Object.freeze({
    name: group.name,
    ...(group.maxConcurrency !== undefined ? { maxConcurrency: group.maxConcurrency } : {}),
  });
}

function labelOf(options: { readonly name?: unknown }): string {
  return `tool "${String(options.name)}"`;
}

const sideEffects: readonly SideEffect[] = ['read_only', 'write', 'destructive'];
// setTimeout fires at once for delays above 2^31-1 ms, which would turn a long timeout into none.
const maxTimeoutMs = 2 ** 31 - 1;

function checkMetadataOptions(options: ToolMetadataOptions, label: string): void {
  const fail = (field: string, problem: string): never => {
    throw new ConfigurationError(`${label}.${field}`, problem);
  };
  if (options.sideEffect !== undefined && !sideEffects.includes(options.sideEffect)) {
    fail('sideEffect', `must be one of ${sideEffects.map((s) => `"${s}"`).join(', ')}`);
  }
  if (options.idempotent !== undefined && typeof options.idempotent !== 'boolean') {
    fail('idempotent', 'must be a boolean');
  }
  const { timeoutMs } = options;
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= maxTimeoutMs)
  ) {
    fail('timeoutMs', `must be a number of milliseconds between 1 and ${maxTimeoutMs}`);
  }
  if (
    options.tags !== undefined &&
    !(Array.isArray(options.tags) && options.tags.every((tag) => typeof tag === 'string'))
  ) {
    fail('tags', 'must be an array of strings');
  }
  const { cost } = options;
  if (cost !== undefined && !(typeof cost === 'number' && Number.isFinite(cost) && cost >= 0)) {
    fail('cost', 'must be a finite number >= 0');
  }
  if (
    options.deprecated !== undefined &&
    typeof options.deprecated !== 'boolean' &&
    typeof options.deprecated !== 'string'
  ) {
    fail('deprecated', 'must be a boolean or a message');
  }
  if (options.coerceArguments !== undefined && typeof options.coerceArguments !== 'boolean') {
    fail('coerceArguments', 'must be a boolean');
  }
  const group = options.resilienceGroup;
  if (group !== undefined) {
    const name = typeof group === 'string' ? group : group?.name;
    if (typeof name !== 'string' || name === '') {
      fail('resilienceGroup', 'must be a non-empty group name or { name, maxConcurrency? }');
    }
    const limit = typeof group === 'object' ? group.maxConcurrency : undefined;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
      fail('resilienceGroup.maxConcurrency', 'must be a positive integer');
    }
  }
  const { metadata } = options;
  if (
    metadata !== undefined &&
    (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
  ) {
    fail('metadata', 'must be an object');
  }
}
