import type { ErrorObject, ValidateFunction } from 'ajv';
import type { StandardSchemaIssue, StandardSchemaV1 } from '../contracts/standard-schema.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import { compileSchema } from './compile-schema.js';
import { jsonPointerToPath, toJsonPath } from './json-path.js';

export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export type ValidationOutcome =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly error: ToolErrorInfo };

/**
 * Validates arguments against the tool's schema. The caller's object is never mutated: coercion
 * works on a copy, and zod-defined tools get zod's parsed output (defaults, transforms).
 * Returns synchronously unless the tool's schema validates asynchronously. Never throws: a schema
 * ajv cannot compile is a CONFIGURATION_ERROR, a validator that throws a TOOL_VALIDATION_ERROR.
 */
export function validateArguments(
  tool: ToolDefinition,
  args: Readonly<Record<string, unknown>>,
): ValidationOutcome | Promise<ValidationOutcome> {
  const coerce = tool.coerceArguments === true;
  if (!coerce && tool.argumentsValidator)
    return validateStandard(tool, args as Record<string, unknown>);
  let validate: ValidateFunction | Promise<ValidateFunction>;
  try {
    validate = compileSchema(tool.inputSchema, coerce);
  } catch (error) {
    return uncompilable(tool, error);
  }
  // Only the first JSON Schema validation of a process waits (for ajv to load).
  if (validate instanceof Promise) {
    return validate.then(
      (compiled) => validateJson(tool, args, compiled, coerce),
      (error: unknown) => uncompilable(tool, error),
    );
  }
  return validateJson(tool, args, validate, coerce);
}

function validateJson(
  tool: ToolDefinition,
  args: Readonly<Record<string, unknown>>,
  validate: ValidateFunction,
  coerce: boolean,
): ValidationOutcome | Promise<ValidationOutcome> {
  let value = args as Record<string, unknown>;
  if (coerce) {
    try {
      value = structuredClone(value);
    } catch (error) {
      return invalid(tool, [{ path: '$', message: `is not plain data: ${messageOf(error)}` }]);
    }
  }
  if (!validate(value)) return invalid(tool, (validate.errors ?? []).map(fromAjvError));
  return tool.argumentsValidator ? validateStandard(tool, value) : { ok: true, value };
}

function uncompilable(tool: ToolDefinition, error: unknown): ValidationOutcome {
  return {
    ok: false,
    error: toolErrorInfo(
      'CONFIGURATION_ERROR',
      `the input schema of ${tool.namespace}.${tool.name} cannot be compiled: ${messageOf(error)}`,
    ),
  };
}

/** The tool's own (Standard Schema) validator: zod's parsed output with defaults and transforms. */
function validateStandard(
  tool: ToolDefinition,
  value: Record<string, unknown>,
): ValidationOutcome | Promise<ValidationOutcome> {
  const validator = tool.argumentsValidator!;
  try {
    const result = asyncValidators.has(validator)
      ? validateAsync(validator, value)
      : validator['~standard'].validate(value);
    if (!(result instanceof Promise)) return fromStandard(tool, result);
    asyncValidators.add(validator);
    return result.then(
      (settled) => fromStandard(tool, settled),
      (error: unknown) => validatorThrew(tool, error),
    );
  } catch (error) {
    return validatorThrew(tool, error);
  }
}

// zod's Standard Schema validate() first parses synchronously and, on meeting an async
// refinement, starts over asynchronously; the promise of the abandoned synchronous run is never
// awaited, so its rejection would be unhandled. Once a schema has shown itself async, its zod
// schemas are parsed asynchronously from the start.
const asyncValidators = new WeakSet<StandardSchemaV1>();

type ZodLike = {
  safeParseAsync?: (
    value: unknown,
  ) => Promise<{ success: boolean; data?: unknown; error?: { issues: StandardSchemaIssue[] } }>;
};

function validateAsync(validator: StandardSchemaV1, value: unknown) {
  const { safeParseAsync } = validator as ZodLike;
  if (validator['~standard'].vendor !== 'zod' || typeof safeParseAsync !== 'function') {
    return validator['~standard'].validate(value);
  }
  return safeParseAsync
    .call(validator, value)
    .then((parsed) =>
      parsed.success ? { value: parsed.data } : { issues: parsed.error?.issues ?? [] },
    );
}

function validatorThrew(tool: ToolDefinition, error: unknown): ValidationOutcome {
  return invalid(tool, [{ path: '$', message: `could not be validated: ${messageOf(error)}` }]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fromStandard(
  tool: ToolDefinition,
  result: { value?: unknown; issues?: readonly StandardSchemaIssue[] | undefined },
): ValidationOutcome {
  if (!result.issues) return { ok: true, value: result.value as Record<string, unknown> };
  return invalid(
    tool,
    result.issues.map((issue) => ({ path: toJsonPath(issue.path ?? []), message: issue.message })),
  );
}

function fromAjvError(error: ErrorObject): ValidationIssue {
  let path = jsonPointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    path = jsonPointerToPath(`${error.instancePath}/${params.missingProperty}`);
    return { path, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    path = jsonPointerToPath(`${error.instancePath}/${params.additionalProperty}`);
    return { path, message: 'is not an allowed property' };
  }
  return { path, message: error.message ?? error.keyword };
}

/**
 * Issues kept in a result. A model that sends 10,000 bad array items must not get 10,000 issues
 * back into its context; `issueCount` says how many there were.
 */
export const MAX_REPORTED_ISSUES = 50;

function invalid(tool: ToolDefinition, issues: readonly ValidationIssue[]): ValidationOutcome {
  const summary = issues
    .slice(0, 5)
    .map((issue) => `${issue.path} ${issue.message}`)
    .join('; ');
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return {
    ok: false,
    error: toolErrorInfo(
      'TOOL_VALIDATION_ERROR',
      `invalid arguments for ${tool.namespace}.${tool.name}: ${summary}${more}`,
      {
        details:
          issues.length > MAX_REPORTED_ISSUES
            ? { issues: issues.slice(0, MAX_REPORTED_ISSUES), issueCount: issues.length }
            : { issues },
      },
    ),
  };
}
