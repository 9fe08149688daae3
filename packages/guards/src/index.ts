// Public API of @tp/guards. Only what is exported here is public.

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
export {
  type UnresolvedReferenceGuardOptions,
  unresolvedReferenceGuard,
} from './unresolved-reference-guard.js';

export const VERSION = '0.1.0';
