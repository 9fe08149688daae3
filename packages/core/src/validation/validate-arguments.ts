import type { ErrorObject, ValidateFunction } from 'ajv';
import * as ajvModule from 'ajv/dist/2020.js';
import * as formatsModule from 'ajv-formats';
import type { JsonSchema } from '../contracts/json-schema.js';
import type { StandardSchemaIssue, StandardSchemaV1 } from '../contracts/standard-schema.js';
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
  // addUsedSchema: false — two tools (or two versions of one) may carry the same "$id"; ajv
  // would otherwise refuse to compile the second.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    coerceTypes,
    validateSchema: false,
    addUsedSchema: false,
  });
  addFormats(ajv);
  return ajv;
}

let strictAjv: InstanceType<AjvClass> | undefined;
let coercingAjv: InstanceType<AjvClass> | undefined;
// Keyed by the (frozen) schema object of a definition, one cache per mode.
const compiledStrict = new WeakMap<object, ValidateFunction>();
const compiledCoercing = new WeakMap<object, ValidateFunction>();

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
  let value = args as Record<string, unknown>;
  const coerce = tool.coerceArguments === true;
  if (coerce || !tool.argumentsValidator) {
    let validate: ValidateFunction;
    try {
      validate = compileSchema(tool.inputSchema, coerce);
    } catch (error) {
      return {
        ok: false,
        error: toolErrorInfo(
          'CONFIGURATION_ERROR',
          `the input schema of ${tool.namespace}.${tool.name} cannot be compiled: ${messageOf(error)}`,
        ),
      };
    }
    if (coerce) {
      try {
        value = structuredClone(value);
      } catch (error) {
        return invalid(tool, [{ path: '$', message: `is not plain data: ${messageOf(error)}` }]);
      }
    }
    if (!validate(value)) return invalid(tool, (validate.errors ?? []).map(fromAjvError));
  }
  const validator = tool.argumentsValidator;
  if (!validator) return { ok: true, value };
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

/**
 * Compiles (once per schema object and mode) a JSON Schema validator; throws when ajv cannot
 * compile the schema. defineTool calls it so a broken schema fails at definition time.
 */
export function compileSchema(schema: JsonSchema, coerce: boolean): ValidateFunction {
  const cache = coerce ? compiledCoercing : compiledStrict;
  let validate = cache.get(schema);
  if (!validate) {
    const ajv = coerce ? (coercingAjv ??= createAjv(true)) : (strictAjv ??= createAjv(false));
    validate = ajv.compile(schema as object);
    cache.set(schema, validate);
  }
  return validate;
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
