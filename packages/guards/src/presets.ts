import type { GuardV1 } from '@tp/core';
import { budgetGuard } from './budget-guard.js';
import { concurrencyGuard } from './concurrency-guard.js';
import { costBudgetGuard } from './cost-budget-guard.js';
import {
  type NetworkPolicyGuardOptions,
  networkPolicyGuard,
} from './network-policy/network-policy-guard.js';
import { outputSizeGuard } from './output-size-guard.js';
import { perToolGuard } from './per-tool-guard.js';
import { planShapeGuard } from './plan-shape-guard.js';
import { preconditionGuard } from './precondition-guard.js';
import { provenanceGuard } from './provenance-guard.js';
import { retrySafetyGuard } from './retry-safety-guard.js';
import { runawayGuard } from './runaway-guard.js';
import { saturationGuard } from './saturation-guard.js';
import { schemaStrictnessGuard } from './schema-strictness-guard.js';
import { sensitiveDataGuard } from './sensitive-data/sensitive-data-guard.js';
import { sideEffectGuard } from './side-effect-guard.js';
import { timeoutBudgetGuard } from './timeout-budget-guard.js';
import { unresolvedReferenceGuard } from './unresolved-reference-guard.js';

export interface StrictPresetOptions {
  /** Resolver for the network policy's DNS check (default: node:dns lookup). */
  readonly resolve?: NetworkPolicyGuardOptions['resolve'];
}

/**
 * Ready-made guard lists (docs/guards.md has the table). Each call returns fresh instances, so
 * two processors never share per-request or in-flight state. Order matters within a phase:
 * cheap structural checks first, redaction before anything that records or measures values,
 * in-flight counting last.
 */
export const presets = {
  /**
   * Everything on and enforced, with tight limits. Host names in URLs and host-like arguments
   * are resolved (1 s limit, answers cached 30 s) and refused when any address is not public.
   */
  strict(options: StrictPresetOptions = {}): GuardV1[] {
    return [
      planShapeGuard({ maxCalls: 32, maxUniqueTools: 8, maxFanOut: 8, maxChainLength: 6 }),
      unresolvedReferenceGuard(),
      schemaStrictnessGuard({ extraProperties: 'block', nonEmptyStrings: true }),
      networkPolicyGuard({
        httpsOnly: true,
        dnsCheck: true,
        ...(options.resolve ? { resolve: options.resolve } : {}),
      }),
      sensitiveDataGuard({ mode: 'redact' }),
      sideEffectGuard({ policy: { read_only: 'allow', write: 'allow', destructive: 'approval' } }),
      perToolGuard({ limits: {}, defaultLimit: 20 }),
      budgetGuard({ maxCalls: 50, maxCallsPerCategory: { write: 10, destructive: 2 } }),
      runawayGuard({ maxRepeats: 3, maxCycles: 3 }),
      retrySafetyGuard({ maxAttempts: 3 }),
      preconditionGuard(),
      provenanceGuard(),
      costBudgetGuard({ requestBudget: { soft: 50, hard: 100 } }),
      timeoutBudgetGuard({ softMs: 60_000, hardMs: 120_000 }),
      outputSizeGuard({
        maxBytes: 262_144,
        maxDepth: 16,
        maxArrayLength: 1_000,
        maxStringLength: 50_000,
        mode: 'truncate',
      }),
      saturationGuard({ maxIdenticalResults: 3 }),
      concurrencyGuard({ maxInFlight: 64, maxPerTool: 16 }),
    ];
  },
  /**
   * For rolling out: SSRF to metadata services is blocked and secrets in results are redacted;
   * everything else only warns, with generous limits.
   */
  permissive(): GuardV1[] {
    const warn = { enforcement: 'warn' } as const;
    return [
      planShapeGuard({
        ...warn,
        maxCalls: 256,
        maxUniqueTools: 64,
        maxFanOut: 64,
        maxChainLength: 32,
      }),
      unresolvedReferenceGuard(warn),
      schemaStrictnessGuard({ ...warn, extraProperties: 'block' }),
      networkPolicyGuard({ blockClasses: ['metadata'] }),
      sensitiveDataGuard({ mode: 'redact', phases: ['post'], pii: false }),
      sideEffectGuard({ ...warn, policy: { destructive: 'approval' } }),
      budgetGuard({ ...warn, maxCalls: 500 }),
      runawayGuard({ ...warn, maxRepeats: 5, maxCycles: 5 }),
      retrySafetyGuard({ ...warn, maxAttempts: 5 }),
      outputSizeGuard({ maxBytes: 4_000_000, mode: 'truncate' }),
      saturationGuard({ ...warn, maxIdenticalResults: 10 }),
    ];
  },
};
