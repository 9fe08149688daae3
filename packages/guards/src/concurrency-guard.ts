import type { GuardV1, ToolDefinition } from '@tp/core';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  integerRecord,
  positiveInteger,
} from './shared/guard-options.js';

export interface ConcurrencyGuardOptions extends GuardBaseOptions {
  /** Calls in flight across the processor. */
  readonly maxInFlight?: number;
  /** Calls in flight per namespace. */
  readonly maxPerNamespace?: number;
  /** Calls in flight per tool. */
  readonly maxPerTool?: number;
  /** Caps for particular tools, by bare or `namespace.name`. */
  readonly toolLimits?: Readonly<Record<string, number>>;
}

/**
 * In-flight caps as a guard verdict: a call over a cap is refused at once (the bulkhead stage
 * queues instead). Counts are taken in `pre` and released in `settle`, so they cover the call's
 * whole run, retries included.
 */
export function concurrencyGuard(options: ConcurrencyGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('concurrency', options);
  const maxInFlight = positiveInteger(
    'concurrency.maxInFlight',
    options.maxInFlight,
    Number.MAX_SAFE_INTEGER,
  );
  const maxPerNamespace = positiveInteger(
    'concurrency.maxPerNamespace',
    options.maxPerNamespace,
    Number.MAX_SAFE_INTEGER,
  );
  const maxPerTool = positiveInteger(
    'concurrency.maxPerTool',
    options.maxPerTool,
    Number.MAX_SAFE_INTEGER,
  );
  const toolLimits = integerRecord('concurrency.toolLimits', options.toolLimits);
  let inFlight = 0;
  const byNamespace = new Map<string, number>();
  const byTool = new Map<string, number>();

  const toolKey = (tool: ToolDefinition) => `${tool.namespace}.${tool.name}`;
  const toolCap = (tool: ToolDefinition) =>
    Math.min(maxPerTool, toolLimits.get(toolKey(tool)) ?? toolLimits.get(tool.name) ?? maxPerTool);
  const bump = (map: Map<string, number>, key: string, by: number) => {
    const next = (map.get(key) ?? 0) + by;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  };

  return {
    ...identity,
    pre({ tool, dryRun }) {
      const key = toolKey(tool);
      const full =
        inFlight >= maxInFlight
          ? `${inFlight} calls in flight (cap ${maxInFlight})`
          : (byNamespace.get(tool.namespace) ?? 0) >= maxPerNamespace
            ? `${byNamespace.get(tool.namespace)} calls of namespace "${tool.namespace}" in flight (cap ${maxPerNamespace})`
            : (byTool.get(key) ?? 0) >= toolCap(tool)
              ? `${byTool.get(key)} calls of "${key}" in flight (cap ${toolCap(tool)})`
              : undefined;
      if (full) return { verdict: 'block', reason: full, details: { inFlight } };
      if (!dryRun) {
        inFlight++;
        bump(byNamespace, tool.namespace, 1);
        bump(byTool, key, 1);
      }
      return ALLOW;
    },
    settle({ tool }) {
      inFlight = Math.max(0, inFlight - 1);
      bump(byNamespace, tool.namespace, -1);
      bump(byTool, toolKey(tool), -1);
    },
  };
}
