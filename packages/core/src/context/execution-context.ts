import type { ExecutionContext } from '../contracts/execution-context.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { closestNames } from '../util/closest-names.js';
import { isValidTraceparent, isValidTracestate } from './trace-context.js';

export type ExecutionContextInit = Partial<ExecutionContext>;

let counter = 0;

const contextKeys: ReadonlySet<string> = new Set<keyof ExecutionContext>([
  'requestId',
  'correlationId',
  'tenant',
  'user',
  'traceparent',
  'tracestate',
  'deadline',
  'budget',
  'metadata',
]);

/** A misspelt field (`tenantId`) would otherwise vanish silently, with the tenant unset. */
function checkKeys(init: ExecutionContextInit): void {
  for (const key in init) {
    if (contextKeys.has(key)) continue;
    const suggestions = closestNames(key, contextKeys, 1);
    throw new ConfigurationError(
      `context.${key}`,
      `is not an ExecutionContext field${suggestions.length > 0 ? `; did you mean "${suggestions[0]}"?` : ''} (fields: ${[...contextKeys].join(', ')}; anything else goes in metadata)`,
    );
  }
}

function newRequestId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `req-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

/**
 * A complete, frozen context from a partial one (a request id is generated when absent).
 * The caller's own values are checked: an unknown field (with the closest known one suggested), an
 * invalid traceparent/tracestate, deadline or budget throws a ConfigurationError naming the field (headers from the network go through
 * `contextFromHeaders`, which drops invalid values instead).
 */
export function createExecutionContext(init: ExecutionContextInit = {}): ExecutionContext {
  checkKeys(init);
  const context: { -readonly [Key in keyof ExecutionContext]: ExecutionContext[Key] } = {
    requestId: init.requestId ?? newRequestId(),
    metadata: Object.freeze({ ...(init.metadata ?? {}) }),
  };
  if (typeof context.requestId !== 'string' || context.requestId === '') {
    throw new ConfigurationError('context.requestId', 'must be a non-empty string');
  }
  for (const field of ['correlationId', 'tenant', 'user'] as const) {
    const value = init[field];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw new ConfigurationError(`context.${field}`, 'must be a string');
    context[field] = value;
  }
  if (init.traceparent !== undefined) {
    if (!isValidTraceparent(init.traceparent)) {
      throw new ConfigurationError(
        'context.traceparent',
        `"${String(init.traceparent)}" is not a valid W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)`,
      );
    }
    context.traceparent = init.traceparent;
  }
  if (init.tracestate !== undefined) {
    if (context.traceparent === undefined) {
      throw new ConfigurationError('context.tracestate', 'needs a traceparent');
    }
    if (!isValidTracestate(init.tracestate)) {
      throw new ConfigurationError(
        'context.tracestate',
        'must be a W3C tracestate list (key=value, comma separated, at most 32 members)',
      );
    }
    context.tracestate = init.tracestate;
  }
  if (init.deadline !== undefined) {
    if (!Number.isFinite(init.deadline)) {
      throw new ConfigurationError('context.deadline', 'must be epoch milliseconds');
    }
    context.deadline = init.deadline;
  }
  if (init.budget !== undefined) {
    for (const [name, amount] of Object.entries(init.budget)) {
      if (!Number.isFinite(amount)) {
        throw new ConfigurationError(`context.budget.${name}`, 'must be a finite number');
      }
    }
    context.budget = Object.freeze({ ...init.budget });
  }
  return Object.freeze(context);
}
