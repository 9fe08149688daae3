import type { ErrorObject, ValidateFunction } from 'ajv';
import * as ajvModule from 'ajv/dist/2020.js';
import * as formatsModule from 'ajv-formats';
import type { StandardSchemaIssue } from '../contracts/standard-schema.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import { jsonPointerToPath, toJsonPath } from './json-path.js';

// ajv ships CommonJS; under ESM its class is the namespace's default export.
type AjvClass = typeof import('ajv/dist/2020.js').default;
const Ajv2020 = ((ajvModule as unknown as { default?: AjvClass }).default ?? ajvModule) as AjvClass;
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ??
  formatsModule) as (ajv: InstanceType<AjvClass>) => void;

function createAjv(coerceTypes: boolean): InstanceType<AjvClass> {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes, validateSchema: false });
  addFormats(ajv);
  return ajv;
}

let strictAjv: InstanceType<AjvClass> | undefined;
let coercingAjv: InstanceType<AjvClass> | undefined;
const compiled = new WeakMap<ToolDefinition, ValidateFunction>();

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
 * Returns synchronously unless the tool's schema validates asynchronously.
 */
export function validateArguments(
  tool: ToolDefinition,
  args: Readonly<Record<string, unknown>>,
): ValidationOutcome | Promise<ValidationOutcome> {
  let value = args as Record<string, unknown>;
  if (tool.coerceArguments || !tool.argumentsValidator) {
    if (tool.coerceArguments) value = structuredClone(value);
    const validate = compile(tool);
    if (!validate(value)) return invalid(tool, (validate.errors ?? []).map(fromAjvError));
  }
  if (!tool.argumentsValidator) return { ok: true, value };
  const result = tool.argumentsValidator['~standard'].validate(value);
  return result instanceof Promise
    ? result.then((settled) => fromStandard(tool, settled))
    : fromStandard(tool, result);
}

/** Compiles (once per tool) the JSON Schema validator; throws when the schema itself is invalid. */
export function compile(tool: ToolDefinition): ValidateFunction {
  let validate = compiled.get(tool);
  if (!validate) {
    const ajv = tool.coerceArguments
      ? (coercingAjv ??= createAjv(true))
      : (strictAjv ??= createAjv(false));
    validate = ajv.compile(tool.inputSchema as object);
    compiled.set(tool, validate);
  }
  return validate;
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

function invalid(tool: ToolDefinition, issues: readonly ValidationIssue[]): ValidationOutcome {
  const summary = issues
    .slice(0, 5)
    .map((issue) => `${issue.path} ${issue.message}`)
    .join('; ');
  return {
    ok: false,
    error: toolErrorInfo(
      'TOOL_VALIDATION_ERROR',
      `invalid arguments for ${tool.namespace}.${tool.name}: ${summary}`,
      {
        details: { issues },
      },
    ),
  };
}
