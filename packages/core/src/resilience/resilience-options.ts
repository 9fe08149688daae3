import type { CacheStoreV1 } from '../contracts/stores/v1/cache-store.js';
import type { CircuitStateStoreV1 } from '../contracts/stores/v1/circuit-state-store.js';
import type { RateLimitStoreV1 } from '../contracts/stores/v1/rate-limit-store.js';
import type { SlotStoreV1 } from '../contracts/stores/v1/slot-store.js';
import type { StoreFailMode, StoreStage } from '../contracts/stores/v1/store-lifecycle.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';

export interface RetryOptions {
  /** Runtime invocations at most, the first included (default 3). */
  readonly maxAttempts?: number;
  /** Backoff before the 2nd attempt; doubles each time (default 100). */
  readonly baseDelayMs?: number;
  /** Backoff ceiling (default 10 000). */
  readonly maxDelayMs?: number;
  /** 'full' (default): a uniformly random delay in [0, backoff]; 'none': exactly the backoff. */
  readonly jitter?: 'full' | 'none';
  /**
   * Which failures to retry (default: `error.retryable`). Not-found, validation, guard,
   * cancellation and configuration errors are never retried, whatever this says.
   */
  readonly retryOn?: (error: ToolErrorInfo) => boolean;
}

export interface CacheOptions {
  /** How long a result stays (default 300 000). */
  readonly ttlMs?: number;
  /** Size of the default in-memory LRU (default 1000). */
  readonly maxEntries?: number;
}

export interface ToolCacheOptions {
  readonly ttlMs?: number;
  /** What of the arguments identifies a result; strip volatile fields (timestamps, request ids). */
  readonly cacheKey?: (args: Readonly<Record<string, unknown>>) => unknown;
}

export interface RateLimitWindow {
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitOptions {
  /** Shared by every call of the processor. */
  readonly global?: RateLimitWindow;
  /** Per tool, by name (qualified or bare) or glob. */
  readonly tools?: Readonly<Record<string, RateLimitWindow>>;
  /** Each tenant (`context.tenant`) gets its own window of this size. */
  readonly perTenant?: RateLimitWindow;
  /** 'reject' (default): fail at once with TOOL_RATE_LIMITED; 'wait': queue, bounded by the deadline. */
  readonly mode?: 'wait' | 'reject';
}

export interface CircuitBreakerOptions {
  /** Failures within `windowMs` that open the circuit (default 5). */
  readonly failureThreshold?: number;
  /** Open on this failure rate (0..1] instead of a count... */
  readonly failureRateThreshold?: number;
  /** ...once this many calls finished within the window (default 10). */
  readonly minimumCalls?: number;
  /** Default 60 000. */
  readonly windowMs?: number;
  /** Open → half-open after this long (default 30 000). */
  readonly resetTimeoutMs?: number;
  /** Probes admitted at once while half-open (default 1). */
  readonly halfOpenMaxCalls?: number;
  /** Successful probes that close the circuit (default 1). */
  readonly successThreshold?: number;
  /** A probe that has not answered after this long gives its place back (default: resetTimeoutMs). */
  readonly probeLeaseMs?: number;
  /**
   * Which breaker a tool uses (default: one per resilience group, `group:<name>`, for a tool in
   * a group without its own `tools[x].circuitBreaker` entry; otherwise one per tool, `namespace.name`).
   */
  readonly key?: (tool: ToolDefinition) => string;
  /**
   * Whether a failure counts against the tool (default: execution, timeout and connection errors;
   * never validation, not-found, cancellation, guard or another stage's refusal).
   */
  readonly isFailure?: (error: ToolErrorInfo) => boolean;
}

export interface BulkheadOptions {
  /** Calls running at once across every tool. */
  readonly global?: number;
  /** Per namespace. */
  readonly namespaces?: Readonly<Record<string, number>>;
  /** Per tool, by exact (qualified or bare) name. */
  readonly tools?: Readonly<Record<string, number>>;
  /** Per glob (`"db.*": 3`), for tools without an exact entry; the first matching pattern wins. */
  readonly patterns?: Readonly<Record<string, number>>;
  /**
   * Per resilience group (a tool's `resilienceGroup.name`); wins over the group's own
   * `maxConcurrency`. A grouped tool with neither has no group limit.
   */
  readonly groups?: Readonly<Record<string, number>>;
  /** Calls that may wait for a slot (default 1000); beyond it → BULKHEAD_FULL at once. */
  readonly queueSize?: number;
  /** Longest wait for a slot (default 10 000) → BULKHEAD_FULL. */
  readonly acquireTimeoutMs?: number;
  /** A held slot expires after this long, so a crashed holder cannot keep it (default 600 000). */
  readonly leaseMs?: number;
}

/** Per-tool overrides; `false` turns a feature off for the tool. */
export interface ToolResilienceOptions {
  readonly retry?: RetryOptions | false;
  /** `true` or options also enable caching for a tool that is not idempotent/read_only. */
  readonly cache?: ToolCacheOptions | boolean;
  readonly rateLimit?: RateLimitWindow | false;
  readonly circuitBreaker?: CircuitBreakerOptions | false;
  /** Per-attempt timeout; wins over the tool definition's own timeoutMs. */
  readonly timeoutMs?: number;
}

export interface ResilienceStores {
  readonly cache?: CacheStoreV1;
  readonly rateLimit?: RateLimitStoreV1;
  readonly circuit?: CircuitStateStoreV1;
  readonly bulkhead?: SlotStoreV1;
  /**
   * What a stage does when its store fails: one mode for all, or per stage (default: cache,
   * rateLimit and circuit 'open', bulkhead 'closed'). Every failure is a 'store:error' event.
   */
  readonly failMode?: StoreFailMode | Readonly<Partial<Record<StoreStage, StoreFailMode>>>;
}

/** The resilience part of createProcessor's options; every section is off when absent. */
export interface ResilienceOptions {
  readonly retry?: RetryOptions;
  readonly cache?: CacheOptions;
  readonly rateLimit?: RateLimitOptions;
  readonly circuitBreaker?: CircuitBreakerOptions;
  readonly bulkhead?: BulkheadOptions;
  /** By tool name (qualified `ns.name` or bare) or glob; exact names win, then globs in order. */
  readonly tools?: Readonly<Record<string, ToolResilienceOptions>>;
  /** Where state lives (default: in memory, per processor). */
  readonly stores?: ResilienceStores;
}
