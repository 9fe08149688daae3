import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../contracts/json-schema.js';

// ajv ships CommonJS; under ESM its classes are the namespaces' default exports.
type AjvClass = typeof import('ajv/dist/2020.js').default;
type Ajv = InstanceType<AjvClass>;
const classOf = (module: unknown) =>
  ((module as { default?: AjvClass }).default ?? module) as AjvClass;

interface AjvModules {
  readonly Ajv2020: AjvClass;
  readonly AjvDraft7: AjvClass;
  readonly addFormats: (ajv: Ajv) => void;
}

// ajv (and its formats) is loaded on the first JSON Schema validation, not when @tp/core is
// imported: it is most of core's import time, and tools with a zod schema never need it. Where
// the platform can require CommonJS synchronously (Node, Bun, Deno: `process.getBuiltinModule`),
// it is required then and validation stays synchronous; elsewhere the first validation waits for
// a dynamic import.
let modules: AjvModules | undefined;
let loading: Promise<AjvModules> | undefined;

function toModules(draft7: unknown, v2020: unknown, formats: unknown): AjvModules {
  return {
    Ajv2020: classOf(v2020),
    AjvDraft7: classOf(draft7),
    addFormats: ((formats as { default?: unknown }).default ?? formats) as (ajv: Ajv) => void,
  };
}

type GetBuiltinModule = (id: string) => unknown;

function requireAjv(): AjvModules | undefined {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } })
    .process?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') return undefined;
  const { createRequire } = getBuiltinModule('node:module') as typeof import('node:module');
  const require = createRequire(import.meta.url);
  return toModules(require('ajv'), require('ajv/dist/2020.js'), require('ajv-formats'));
}

function importAjv(): Promise<AjvModules> {
  loading ??= Promise.all([import('ajv'), import('ajv/dist/2020.js'), import('ajv-formats')]).then(
    ([draft7, v2020, formats]) => {
      modules = toModules(draft7, v2020, formats);
      return modules;
    },
  );
  return loading;
}

/**
 * JSON Schema dialects ajv validates. zod 4 emits 2020-12; MCP servers and older generators
 * (zod-to-json-schema, pydantic v1) emit draft-07, whose tuple `items: [...]` 2020-12 rejects.
 */
type Dialect = '2020-12' | 'draft-07';

function dialectOf(schema: JsonSchema): Dialect | undefined {
  const declared = schema.$schema;
  if (typeof declared !== 'string') return undefined;
  if (/draft-0[67]/.test(declared)) return 'draft-07';
  return '2020-12';
}

const instances = new Map<string, Ajv>();

function ajvFor(loaded: AjvModules, dialect: Dialect, coerceTypes: boolean): Ajv {
  const key = `${dialect}:${coerceTypes}`;
  let ajv = instances.get(key);
  if (!ajv) {
    const Class = dialect === '2020-12' ? loaded.Ajv2020 : loaded.AjvDraft7;
    // addUsedSchema: false — two tools (or two versions of one) may carry the same "$id"; ajv
    // would otherwise refuse to compile the second.
    ajv = new Class({
      strict: false,
      allErrors: true,
      coerceTypes,
      validateSchema: false,
      addUsedSchema: false,
    });
    loaded.addFormats(ajv);
    instances.set(key, ajv);
  }
  return ajv;
}

// Keyed by the (frozen) schema object of a definition, one cache per mode.
const compiledStrict = new WeakMap<object, ValidateFunction>();
const compiledCoercing = new WeakMap<object, ValidateFunction>();

/**
 * Compiles (once per schema object and mode) a JSON Schema validator; throws when ajv cannot
 * compile the schema. Synchronous on platforms that can require ajv; elsewhere the very first call
 * returns a promise while ajv loads. A schema that declares its dialect (`$schema`) is compiled as such; one that does not
 * is read as 2020-12 and, failing that, as draft-07.
 */
export function compileSchema(
  schema: JsonSchema,
  coerce: boolean,
): ValidateFunction | Promise<ValidateFunction> {
  const cache = coerce ? compiledCoercing : compiledStrict;
  const cached = cache.get(schema);
  if (cached) return cached;
  modules ??= requireAjv();
  if (!modules) return importAjv().then((loaded) => compileWith(loaded, schema, coerce));
  return compileWith(modules, schema, coerce);
}

function compileWith(loaded: AjvModules, schema: JsonSchema, coerce: boolean): ValidateFunction {
  const cache = coerce ? compiledCoercing : compiledStrict;
  let validate = cache.get(schema);
  if (!validate) {
    const declared = dialectOf(schema);
    if (declared) {
      validate = ajvFor(loaded, declared, coerce).compile(schema as object);
    } else {
      try {
        validate = ajvFor(loaded, '2020-12', coerce).compile(schema as object);
      } catch (error) {
        try {
          validate = ajvFor(loaded, 'draft-07', coerce).compile(schema as object);
        } catch {
          throw error;
        }
      }
    }
    cache.set(schema, validate);
  }
  return validate;
}
