// Public API of @tp/guards. Only what is exported here is public.

export { type BudgetGuardOptions, budgetGuard } from './budget-guard.js';
export { type ConcurrencyGuardOptions, concurrencyGuard } from './concurrency-guard.js';
export {
  type CostBudgetGuard,
  type CostBudgetGuardOptions,
  type CostLimits,
  costBudgetGuard,
} from './cost-budget-guard.js';
export {
  type DuplicateCallGuardOptions,
  type DuplicateCallScope,
  duplicateCallGuard,
} from './duplicate-call-guard.js';
export {
  type AddressClass,
  type NetworkPolicyGuardOptions,
  networkPolicyGuard,
} from './network-policy/network-policy-guard.js';
export {
  type OutputSizeGuardOptions,
  type OutputSizeMode,
  outputSizeGuard,
} from './output-size-guard.js';
export { type PerToolGuardOptions, perToolGuard } from './per-tool-guard.js';
export { type PlanShapeGuardOptions, planShapeGuard } from './plan-shape-guard.js';
export { type PreconditionGuardOptions, preconditionGuard } from './precondition-guard.js';
export { presets, type StrictPresetOptions } from './presets.js';
export {
  type ProvenanceGuard,
  type ProvenanceGuardOptions,
  provenanceGuard,
} from './provenance-guard.js';
export { type RetrySafetyGuardOptions, retrySafetyGuard } from './retry-safety-guard.js';
export { type RunawayGuardOptions, runawayGuard } from './runaway-guard.js';
export { type SaturationGuardOptions, saturationGuard } from './saturation-guard.js';
export {
  type SchemaStrictnessGuardOptions,
  schemaStrictnessGuard,
} from './schema-strictness-guard.js';
export {
  type SensitiveDataGuardOptions,
  type SensitiveDataMode,
  type SensitiveKind,
  sensitiveDataGuard,
} from './sensitive-data/sensitive-data-guard.js';
export type { GuardBaseOptions } from './shared/guard-options.js';
export {
  type SideEffectGuardOptions,
  type SideEffectPolicy,
  type SideEffectRule,
  sideEffectGuard,
} from './side-effect-guard.js';
export { type TimeoutBudgetGuardOptions, timeoutBudgetGuard } from './timeout-budget-guard.js';
export {
  type UnresolvedReferenceGuardOptions,
  unresolvedReferenceGuard,
} from './unresolved-reference-guard.js';

export const VERSION = '0.1.0';
