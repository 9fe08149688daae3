import type { ValidateFunction } from 'ajv';
import * as ajvDraft7Module from 'ajv';
import * as ajv2020Module from 'ajv/dist/2020.js';
import * as formatsModule from 'ajv-formats';
import type { JsonSchema } from '../contracts/json-schema.js';

// ajv ships CommonJS; under ESM its classes are the namespaces' default exports.
type AjvClass = typeof import('ajv/dist/2020.js').default;
type Ajv = InstanceType<AjvClass>;
const classOf = (module: unknown) =>
  ((module as { default?: AjvClass }).default ?? module) as AjvClass;
const Ajv2020 = classOf(ajv2020Module);
const AjvDraft7 = classOf(ajvDraft7Module);
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ??
  formatsModule) as (ajv: Ajv) => void;

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

function ajvFor(dialect: Dialect, coerceTypes: boolean): Ajv {
  const key = `${dialect}:${coerceTypes}`;
  let ajv = instances.get(key);
  if (!ajv) {
    const Class = dialect === '2020-12' ? Ajv2020 : AjvDraft7;
    // addUsedSchema: false — two tools (or two versions of one) may carry the same "$id"; ajv
    // would otherwise refuse to compile the second.
    ajv = new Class({
      strict: false,
      allErrors: true,
      coerceTypes,
      validateSchema: false,
      addUsedSchema: false,
    });
    addFormats(ajv);
    instances.set(key, ajv);
  }
  return ajv;
}

// Keyed by the (frozen) schema object of a definition, one cache per mode.
const compiledStrict = new WeakMap<object, ValidateFunction>();
const compiledCoercing = new WeakMap<object, ValidateFunction>();

/**
 * Compiles (once per schema object and mode) a JSON Schema validator; throws when ajv cannot
 * compile the schema. defineTool calls it so a broken schema fails at definition time. A schema
 * that declares its dialect (`$schema`) is compiled as such; one that does not is read as
 * 2020-12 and, failing that, as draft-07.
 */
export function compileSchema(schema: JsonSchema, coerce: boolean): ValidateFunction {
  const cache = coerce ? compiledCoercing : compiledStrict;
  let validate = cache.get(schema);
  if (!validate) {
    const declared = dialectOf(schema);
    if (declared) {
      validate = ajvFor(declared, coerce).compile(schema as object);
    } else {
      try {
        validate = ajvFor('2020-12', coerce).compile(schema as object);
      } catch (error) {
        try {
          validate = ajvFor('draft-07', coerce).compile(schema as object);
        } catch {
          throw error;
        }
      }
    }
    cache.set(schema, validate);
  }
  return validate;
}
