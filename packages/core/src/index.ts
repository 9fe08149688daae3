// Public API of @tp/core. Only what is exported here is public; everything else is internal.

export {
  CONTEXT_HEADERS,
  fromHeaders,
  type HeadersLike,
  toHeaders,
} from './context/context-headers.js';
export {
  type ContextStorage,
  currentContext,
  runWithContext,
  setContextStorage,
} from './context/context-storage.js';
export {
  withBudget,
  withCorrelationId,
  withDeadline,
  withMetadata,
  withTenant,
  withTimeout,
  withTrace,
  withUser,
} from './context/derive-context.js';
export { createExecutionContext, type ExecutionContextInit } from './context/execution-context.js';
export {
  isValidTraceparent,
  isValidTracestate,
  parseTraceparent,
  type Traceparent,
} from './context/trace-context.js';
export type {
  CallHandler,
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from './contracts/call-middleware/v1/call-middleware-v1.js';
export type {
  RawToolCall,
  TextReader,
  ToolCallDialect,
  ToolCallDialectV1,
  ValueReader,
} from './contracts/dialect/v1/tool-call-dialect-v1.js';
export {
  type AttemptEvent,
  EVENTS_SPEC_VERSION,
  type ResilienceCallEvent,
  type TpEvent,
  type TpEventEnvelope,
  type TpEventListener,
  type TpEventMap,
  type TpEventOf,
  type TpEventType,
} from './contracts/events/v1/tp-events-v1.js';
export type { ExecutionContext } from './contracts/execution-context.js';
export type {
  Guard,
  GuardCallInput,
  GuardCallResult,
  GuardEnforcement,
  GuardPhase,
  GuardPlanInput,
  GuardPostInput,
  GuardV1,
  GuardVerdict,
  GuardVerdictKind,
  GuardVerdictRecord,
  PlannedCall,
} from './contracts/guard/v1/guard-v1.js';
export type { JsonSchema } from './contracts/json-schema.js';
export type { MaybePromise } from './contracts/maybe-promise.js';
export {
  PERMISSION_KEYS,
  type PermissionKey,
  type ToolPermissionsV1,
} from './contracts/permissions/v1/tool-permissions-v1.js';
export type {
  DiscoverOptionsV1,
  LoadedTool,
  ProgressUpdate,
  RuntimeCapabilitiesV1,
  RuntimeHealth,
  ToolExecutionContext,
  ToolRuntimeV1,
} from './contracts/runtime/v1/tool-runtime-v1.js';
export type {
  InferOutput,
  StandardSchemaIssue,
  StandardSchemaV1,
} from './contracts/standard-schema.js';
export type { CacheEntry, CacheStoreV1 } from './contracts/stores/v1/cache-store.js';
export type {
  CircuitAdmission,
  CircuitPolicy,
  CircuitRecord,
  CircuitResult,
  CircuitState,
  CircuitStateStoreV1,
  CircuitTransition,
} from './contracts/stores/v1/circuit-state-store.js';
export type { CounterAddition, CounterStoreV1 } from './contracts/stores/v1/counter-store.js';
export type {
  RateLimitDecision,
  RateLimitRule,
  RateLimitStoreV1,
} from './contracts/stores/v1/rate-limit-store.js';
export type { SlotLimit, SlotStoreV1 } from './contracts/stores/v1/slot-store.js';
export type { SnapshotStoreV1 } from './contracts/stores/v1/snapshot-store.js';
export type {
  StoreFailMode,
  StoreLifecycle,
  StoreStage,
} from './contracts/stores/v1/store-lifecycle.js';
export type { ToolCall } from './contracts/tool-call.js';
export {
  qualifiedName,
  type ResilienceGroup,
  type SideEffect,
  type ToolDefinition,
} from './contracts/tool-definition.js';
export type {
  ToolFailure,
  ToolResult,
  ToolResultBase,
  ToolSuccess,
  ToolWarning,
} from './contracts/tool-result.js';
export {
  createToolDefinition,
  DEFAULT_NAMESPACE,
  DEFAULT_VERSION,
  type DefineToolOptions,
  defineTool,
  IN_PROCESS_RUNTIME,
  type ToolDefinitionInput,
  type ToolFunction,
  type ToolMetadataOptions,
} from './define-tool.js';
export { ConfigurationError } from './errors/configuration-error.js';
export {
  type ErrorCategory,
  ErrorCode,
  errorCodeTraits,
  isErrorCode,
} from './errors/error-codes.js';
export type { ToolErrorInfo } from './errors/tool-error-info.js';
export { TpError, type TpErrorOptions, toErrorInfo, toolErrorInfo } from './errors/tp-error.js';
export { createEventBus, type EventBus } from './events/event-bus.js';

export { defaultDialects } from './parsing/default-dialects.js';
export type { ParseIssue } from './parsing/parse-issue.js';
export {
  DEFAULT_MAX_ISSUES,
  DEFAULT_MAX_TEXT_LENGTH,
  type ParseOptions,
  type ParseResult,
  parseToolCalls,
} from './parsing/parse-tool-calls.js';
export {
  parseToolCallStream,
  type ToolCallStreamSource,
} from './parsing/stream/parse-tool-call-stream.js';
export type { ToolCallStreamItem } from './parsing/stream/stream-assembler.js';
export type { AcceptWeakerPermissions } from './permissions/accepted-weaker-permissions.js';
export {
  createProcessor,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  type ProcessOptions,
  type Processor,
  type ProcessorOptions,
} from './processor/create-processor.js';
export type {
  DryRunEstimate,
  DryRunPlanEstimate,
  DryRunReport,
  EstimateSource,
} from './processor/dry-run.js';
export {
  type BatchOptions,
  type BatchSource,
  DEFAULT_BATCH_CHUNK_SIZE,
} from './processor/process-batch.js';
export type { ProcessorHealth, RuntimeHealthEntry } from './processor/runtimes-health.js';
export {
  createRegistry,
  type LookupOptions,
  type RegisterOptions,
  type RegistryChange,
  type RegistryOptions,
  type ResolveOutcome,
  type ToolRegistry,
} from './registry/registry.js';
export { compareVersions, satisfiesRange } from './registry/version-range.js';
export {
  DEFAULT_BULKHEAD,
  DEFAULT_CACHE_TTL_MS,
  DEFAULT_CIRCUIT_BREAKER,
} from './resilience/build-resilience-stages.js';
export type {
  BulkheadOptions,
  CacheOptions,
  CircuitBreakerOptions,
  RateLimitOptions,
  RateLimitWindow,
  ResilienceOptions,
  ResilienceStores,
  RetryOptions,
  ToolCacheOptions,
  ToolResilienceOptions,
} from './resilience/resilience-options.js';
export { DEFAULT_RETRY } from './resilience/retry-middleware.js';
export { DEFAULT_STORE_FAIL_MODES } from './resilience/store-failures.js';
export {
  admitCall,
  CIRCUIT_WINDOW_BUCKETS,
  createCircuitRecord,
  peekAdmission,
  settleCall,
} from './resilience/stores/circuit-state-machine.js';
export {
  createMemoryCacheStore,
  DEFAULT_CACHE_MAX_ENTRIES,
  type MemoryCacheStoreOptions,
} from './resilience/stores/memory-cache-store.js';
export { createMemoryCircuitStateStore } from './resilience/stores/memory-circuit-state-store.js';
export { createMemoryCounterStore } from './resilience/stores/memory-counter-store.js';
export { createMemoryRateLimitStore } from './resilience/stores/memory-rate-limit-store.js';
export { createMemorySlotStore } from './resilience/stores/memory-slot-store.js';
export { createMemorySnapshotStore } from './resilience/stores/memory-snapshot-store.js';
export { createInProcessRuntime } from './runtime/in-process-runtime.js';
export { onAbort } from './util/abort-fanout.js';
export { canonicalJson } from './util/canonical-json.js';
export { sha256Hex } from './util/sha256.js';
export { type ValidationOutcome, validateArguments } from './validation/validate-arguments.js';

export const VERSION = '0.1.0';
