import type {
  RawToolCall,
  ToolCallDialect,
} from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import type { ToolCall } from '../../contracts/tool-call.js';

type Extra = NonNullable<RawToolCall['extra']>;

const OTHER_ARGUMENT_KEYS = ['args', 'parameters', 'input'];

/**
 * Calls already in tp's own shape (`{ id?, tool, arguments, namespace?, ... }`), kept as given.
 * A handed-in `{ tool }` without arguments is a call without arguments; `{ tool, args }` and the
 * like are left to the generic json dialect.
 */
export const structuredDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'structured',
  readValue(value, reader) {
    if (typeof value.tool !== 'string' || !ownsArguments(value)) return false;
    const call = value as Partial<ToolCall>;
    const extra: { -readonly [K in keyof Extra]: Extra[K] } = {};
    if (typeof call.namespace === 'string') extra.namespace = call.namespace;
    if (typeof call.version === 'string') extra.version = call.version;
    if (Array.isArray(call.dependsOn))
      extra.dependsOn = call.dependsOn.filter((id) => typeof id === 'string');
    if (typeof call.priority === 'number') extra.priority = call.priority;
    if (typeof call.pool === 'string') extra.pool = call.pool;
    if (typeof call.estimatedMs === 'number') extra.estimatedMs = call.estimatedMs;
    if (typeof call.cost === 'number') extra.cost = call.cost;
    if (typeof call.dialect === 'string') extra.dialect = call.dialect;
    reader.call({ id: call.id, name: call.tool, arguments: call.arguments, extra });
    return true;
  },
};

function ownsArguments(value: Readonly<Record<string, unknown>>): boolean {
  return (
    Object.hasOwn(value, 'arguments') ||
    !OTHER_ARGUMENT_KEYS.some((key) => Object.hasOwn(value, key))
  );
}
