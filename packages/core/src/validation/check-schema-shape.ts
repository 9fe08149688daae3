import type { JsonSchema } from '../contracts/json-schema.js';

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
/** Keywords whose value is one subschema. */
const ONE = [
  'additionalProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalItems',
];
/** Keywords whose value is a list of subschemas. */
const LIST = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'];
/** Keywords whose value maps names to subschemas. */
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
/** Deeper than any real tool schema; a hostile one is not walked further. */
const MAX_DEPTH = 64;

/**
 * The mistakes in a JSON Schema that can be found without a validator, so a tool definition
 * fails where it is written rather than on its first call: a `type` that is not a JSON type, and
 * a local `$ref` (`#/...`) that points nowhere. Everything else a validator would refuse is
 * reported when the tool is first validated (the validator is compiled then, not at definition:
 * loading and compiling it costs milliseconds per tool). Returns the problem, or undefined.
 */
export function schemaShapeProblem(schema: JsonSchema): string | undefined {
  const problems: string[] = [];
  walk(schema, schema, '#', 0, problems);
  return problems[0];
}

function walk(node: unknown, root: JsonSchema, at: string, depth: number, problems: string[]) {
  if (problems.length > 0 || depth > MAX_DEPTH) return;
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const schema = node as Record<string, unknown>;
  const { type, $ref } = schema;
  for (const name of typeof type === 'string' ? [type] : Array.isArray(type) ? type : []) {
    if (!JSON_TYPES.has(name as string)) {
      problems.push(`${at}/type: ${JSON.stringify(name)} is not a JSON type`);
      return;
    }
  }
  if (
    typeof $ref === 'string' &&
    $ref.startsWith('#') &&
    resolvePointer(root, $ref) === undefined
  ) {
    problems.push(`${at}/$ref: "${$ref}" points to nothing in the schema`);
    return;
  }
  for (const key of ONE) walk(schema[key], root, `${at}/${key}`, depth + 1, problems);
  for (const key of LIST) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (let index = 0; index < list.length; index++) {
      walk(list[index], root, `${at}/${key}/${index}`, depth + 1, problems);
    }
  }
  for (const key of MAP) {
    const map = schema[key];
    if (typeof map !== 'object' || map === null) continue;
    for (const name of Object.keys(map)) {
      walk(
        (map as Record<string, unknown>)[name],
        root,
        `${at}/${key}/${name}`,
        depth + 1,
        problems,
      );
    }
  }
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return root; // an anchor (`#name`): left to the validator
  let node = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
