import type { GuardV1, PlannedCall } from '@tp/core';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  positiveInteger,
} from './shared/guard-options.js';

export interface PlanShapeGuardOptions extends GuardBaseOptions {
  /** Calls in one batch (default 64). */
  readonly maxCalls?: number;
  /** Distinct tools in one batch (default 16). */
  readonly maxUniqueTools?: number;
  /** Calls depending on one call (default 16). */
  readonly maxFanOut?: number;
  /** Longest dependsOn chain, counted in calls (default 8). */
  readonly maxChainLength?: number;
}

/** Limits the shape of a batch before anything runs: size, distinct tools, fan-out, chain length. */
export function planShapeGuard(options: PlanShapeGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('plan-shape', options);
  const limits = {
    maxCalls: positiveInteger('plan-shape.maxCalls', options.maxCalls, 64),
    maxUniqueTools: positiveInteger('plan-shape.maxUniqueTools', options.maxUniqueTools, 16),
    maxFanOut: positiveInteger('plan-shape.maxFanOut', options.maxFanOut, 16),
    maxChainLength: positiveInteger('plan-shape.maxChainLength', options.maxChainLength, 8),
  };
  return {
    ...identity,
    plan({ calls }) {
      const shape = measure(calls);
      const problem =
        shape.calls > limits.maxCalls
          ? `${shape.calls} calls exceed ${limits.maxCalls}`
          : shape.uniqueTools > limits.maxUniqueTools
            ? `${shape.uniqueTools} distinct tools exceed ${limits.maxUniqueTools}`
            : shape.fanOut > limits.maxFanOut
              ? `${shape.fanOut} calls depend on one call, more than ${limits.maxFanOut}`
              : shape.chainLength > limits.maxChainLength
                ? `a dependency chain of ${shape.chainLength} calls exceeds ${limits.maxChainLength}`
                : undefined;
      return problem
        ? { verdict: 'block', reason: `the plan is too big: ${problem}`, details: shape }
        : ALLOW;
    },
  };
}

function measure(calls: readonly PlannedCall[]) {
  const tools = new Set(
    calls.map(({ call, tool }) => (tool ? `${tool.namespace}.${tool.name}` : call.tool)),
  );
  // No dependencies (the usual batch): every chain is one call long and nothing fans out.
  if (calls.every(({ call }) => call.dependsOn === undefined || call.dependsOn.length === 0)) {
    return {
      calls: calls.length,
      uniqueTools: tools.size,
      fanOut: 0,
      chainLength: calls.length > 0 ? 1 : 0,
    };
  }
  const dependents = new Map<string, number>();
  const byId = new Map(calls.map(({ call }) => [call.id, call]));
  for (const { call } of calls) {
    for (const id of call.dependsOn ?? []) dependents.set(id, (dependents.get(id) ?? 0) + 1);
  }
  const depth = new Map<string, number>();
  const chain = (id: string, visiting: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle; the scheduler reports it
    visiting.add(id);
    let longest = 0;
    for (const parent of byId.get(id)?.dependsOn ?? []) {
      if (byId.has(parent)) longest = Math.max(longest, chain(parent, visiting));
    }
    visiting.delete(id);
    depth.set(id, longest + 1);
    return longest + 1;
  };
  let chainLength = 0;
  for (const { call } of calls) chainLength = Math.max(chainLength, chain(call.id, new Set()));
  return {
    calls: calls.length,
    uniqueTools: tools.size,
    fanOut: Math.max(0, ...dependents.values()),
    chainLength,
  };
}
