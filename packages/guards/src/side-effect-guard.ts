import {
  ConfigurationError,
  type ExecutionContext,
  type GuardV1,
  type SideEffect,
  type ToolDefinition,
} from '@tp/core';
import { ALLOW, type GuardBaseOptions, guardIdentity, oneOf } from './shared/guard-options.js';

/** What a class of tools may do: run, run with a warning, never, or only with an approval. */
export type SideEffectRule = 'allow' | 'warn' | 'block' | 'approval';

export type SideEffectPolicy = Readonly<Partial<Record<SideEffect, SideEffectRule>>>;

export interface SideEffectGuardOptions extends GuardBaseOptions {
  /** Default: read_only and write allowed, destructive needs an approval. */
  readonly policy?: SideEffectPolicy;
  /** Overrides of `policy` per environment (e.g. `{ production: { write: 'approval' } }`). */
  readonly environments?: Readonly<Record<string, SideEffectPolicy>>;
  /** The environment; default `context.metadata.environment`. */
  readonly environment?: string;
  /** How tools that declare no sideEffect are treated (default 'write'). */
  readonly unclassified?: SideEffect;
}

const sideEffects: readonly SideEffect[] = ['read_only', 'write', 'destructive'];
const rules: readonly SideEffectRule[] = ['allow', 'warn', 'block', 'approval'];
const defaultPolicy: Required<SideEffectPolicy> = {
  read_only: 'allow',
  write: 'allow',
  destructive: 'approval',
};

/**
 * Policy by side-effect class (`read_only | write | destructive`) and environment. An approval is
 * `context.metadata.approvals`: `true`, or a list of tool names (bare or `namespace.name`).
 */
export function sideEffectGuard(options: SideEffectGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('side-effect', options);
  const base = { ...defaultPolicy, ...checkPolicy('side-effect.policy', options.policy) };
  const byEnvironment = new Map<string, Required<SideEffectPolicy>>();
  for (const [environment, policy] of Object.entries(options.environments ?? {})) {
    byEnvironment.set(environment, {
      ...base,
      ...checkPolicy(`side-effect.environments.${environment}`, policy),
    });
  }
  const unclassified = oneOf(
    'side-effect.unclassified',
    options.unclassified,
    sideEffects,
    'write',
  );

  return {
    ...identity,
    pre({ tool, context }) {
      const environment = options.environment ?? stringIn(context.metadata.environment);
      const policy = (environment !== undefined && byEnvironment.get(environment)) || base;
      const effect = tool.sideEffect ?? unclassified;
      const rule = policy[effect];
      const where = environment === undefined ? '' : ` in ${environment}`;
      if (rule === 'allow') return ALLOW;
      if (rule === 'warn')
        return {
          verdict: 'warn',
          reason: `"${tool.name}" is ${effect}${where}`,
          details: { sideEffect: effect },
        };
      if (rule === 'approval' && approved(tool, context)) return ALLOW;
      const reason =
        rule === 'approval'
          ? `"${tool.name}" is ${effect} and needs an approval${where} (context.metadata.approvals)`
          : `${effect} tools are not allowed${where}`;
      return { verdict: 'block', reason, details: { sideEffect: effect, rule } };
    },
  };
}

function approved(tool: ToolDefinition, context: ExecutionContext): boolean {
  const approvals = context.metadata.approvals;
  if (approvals === true) return true;
  if (!Array.isArray(approvals)) return false;
  return approvals.includes(tool.name) || approvals.includes(`${tool.namespace}.${tool.name}`);
}

function stringIn(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function checkPolicy(field: string, policy: SideEffectPolicy | undefined): SideEffectPolicy {
  if (policy === undefined) return {};
  if (typeof policy !== 'object' || policy === null)
    throw new ConfigurationError(field, 'must be an object');
  for (const [effect, rule] of Object.entries(policy)) {
    if (!sideEffects.includes(effect as SideEffect))
      throw new ConfigurationError(`${field}.${effect}`, 'is not a side-effect class');
    oneOf(`${field}.${effect}`, rule, rules, 'allow');
  }
  return policy;
}
