import type { RateLimitRule } from '../contracts/stores/v1/rate-limit-store.js';
import type { SlotLimit } from '../contracts/stores/v1/slot-store.js';
import type { StoreStage } from '../contracts/stores/v1/store-lifecycle.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import type { EventBus } from '../events/event-bus.js';
import type { MiddlewareStages } from '../processor/middleware-stack.js';
import type { ToolRegistry } from '../registry/registry.js';
import { bulkheadMiddleware } from './bulkhead-middleware.js';
import { type CachePolicy, cacheMiddleware } from './cache-middleware.js';
import {
  type CircuitBreakerPlan,
  circuitBreakerMiddleware,
  defaultIsFailure,
} from './circuit-breaker-middleware.js';
import { type RateLimitPlan, rateLimitMiddleware } from './rate-limit-middleware.js';
import { checkResilienceOptions } from './resilience-config-schema.js';
import type { ResilienceOptions, ToolResilienceOptions } from './resilience-options.js';
import { resolveRetryPolicy, retryMiddleware } from './retry-middleware.js';
import { DEFAULT_STORE_FAIL_MODES, storeFailures } from './store-failures.js';
import { createMemoryCacheStore } from './stores/memory-cache-store.js';
import { createMemoryCircuitStateStore } from './stores/memory-circuit-state-store.js';
import { createMemoryRateLimitStore } from './stores/memory-rate-limit-store.js';
import { createMemorySlotStore } from './stores/memory-slot-store.js';
import { createToolMatcher } from './tool-matcher.js';

export const DEFAULT_CACHE_TTL_MS = 300_000;
export const DEFAULT_CIRCUIT_BREAKER = {
  failureThreshold: 5,
  minimumCalls: 10,
  windowMs: 60_000,
  resetTimeoutMs: 30_000,
  halfOpenMaxCalls: 1,
  successThreshold: 1,
} as const;
export const DEFAULT_BULKHEAD = {
  queueSize: 1000,
  acquireTimeoutMs: 10_000,
  leaseMs: 600_000,
} as const;

export interface ResilienceSetup {
  readonly stages: Pick<
    MiddlewareStages,
    'cache' | 'rateLimit' | 'bulkhead' | 'circuitBreaker' | 'retry'
  >;
  /** Per-attempt timeout configured for a tool under `tools[...]`, if any. */
  readonly toolTimeoutMs: (tool: ToolDefinition) => number | undefined;
  /** Removes cached results of a tool (all of them, or those of `args`); returns how many. */
  readonly invalidate: (tool: string, args?: Readonly<Record<string, unknown>>) => Promise<number>;
}

/** Memoises a per-tool decision: stages decide once per tool definition, never per call. */
function perTool<Value>(decide: (tool: ToolDefinition) => Value): (tool: ToolDefinition) => Value {
  const decided = new WeakMap<ToolDefinition, { value: Value }>();
  return (tool) => {
    let entry = decided.get(tool);
    if (!entry) decided.set(tool, (entry = { value: decide(tool) }));
    return entry.value;
  };
}

/**
 * Validates the resilience sections of the processor's options and builds the stages they turn
 * on (a section that is absent builds nothing, so it costs nothing per call).
 */
export function buildResilienceStages(
  options: ResilienceOptions,
  registry: ToolRegistry,
  events: EventBus,
  /** The guards stage's screen for errors reported from inside it (retry:scheduled). */
  screenError?: (error: ToolErrorInfo) => ToolErrorInfo,
): ResilienceSetup {
  checkResilienceOptions(options);
  const toolOptions = createToolMatcher<ToolResilienceOptions>(options.tools);
  const own = perTool((tool) => toolOptions(tool)?.value ?? {});
  const anyTool = (feature: keyof ToolResilienceOptions) =>
    Object.values(options.tools ?? {}).some(
      (entry) => entry[feature] !== undefined && entry[feature] !== false,
    );
  const stages: {
    -readonly [Stage in keyof ResilienceSetup['stages']]: ResilienceSetup['stages'][Stage];
  } = {};
  const configuredFailMode = options.stores?.failMode;
  const failuresOf = (stage: StoreStage) =>
    storeFailures(
      stage,
      (typeof configuredFailMode === 'string' ? configuredFailMode : configuredFailMode?.[stage]) ??
        DEFAULT_STORE_FAIL_MODES[stage],
      events,
    );

  if (options.retry || anyTool('retry')) {
    stages.retry = retryMiddleware(
      perTool((tool) => resolveRetryPolicy(options.retry, own(tool).retry)),
      events,
      screenError,
    );
  }

  const cacheFor = perTool((tool): CachePolicy | undefined => {
    const setting = own(tool).cache;
    if (setting === false) return undefined;
    const cacheable = tool.idempotent === true || tool.sideEffect === 'read_only';
    if (setting === undefined && !(options.cache && cacheable)) return undefined;
    const toolCache = typeof setting === 'object' ? setting : {};
    return {
      ttlMs: toolCache.ttlMs ?? options.cache?.ttlMs ?? DEFAULT_CACHE_TTL_MS,
      ...(toolCache.cacheKey ? { cacheKey: toolCache.cacheKey } : {}),
    };
  });
  const cache =
    options.cache || anyTool('cache')
      ? cacheMiddleware(
          cacheFor,
          options.stores?.cache ??
            createMemoryCacheStore(
              options.cache?.maxEntries ? { maxEntries: options.cache.maxEntries } : {},
            ),
          events,
          failuresOf('cache'),
        )
      : undefined;
  if (cache) stages.cache = cache;

  const rateLimit = options.rateLimit;
  if (rateLimit || anyTool('rateLimit')) {
    const toolLimits = createToolMatcher(rateLimit?.tools);
    const global: RateLimitRule | undefined = rateLimit?.global && {
      key: 'global',
      ...rateLimit.global,
    };
    stages.rateLimit = rateLimitMiddleware(
      perTool((tool): RateLimitPlan | undefined => {
        const setting = own(tool).rateLimit;
        if (setting === false) return undefined;
        const window = setting ?? toolLimits(tool)?.value;
        const rules = [
          ...(global ? [global] : []),
          ...(window ? [{ key: `tool:${tool.namespace}.${tool.name}`, ...window }] : []),
        ];
        if (rules.length === 0 && !rateLimit?.perTenant) return undefined;
        return { rules, ...(rateLimit?.perTenant ? { perTenant: rateLimit.perTenant } : {}) };
      }),
      rateLimit?.mode ?? 'reject',
      options.stores?.rateLimit ?? createMemoryRateLimitStore(),
      events,
      failuresOf('rateLimit'),
    );
  }

  if (options.circuitBreaker || anyTool('circuitBreaker')) {
    stages.circuitBreaker = circuitBreakerMiddleware(
      perTool((tool): CircuitBreakerPlan | undefined => {
        const setting = own(tool).circuitBreaker;
        if (setting === false || (setting === undefined && !options.circuitBreaker))
          return undefined;
        const { key, isFailure, ...policy } = {
          ...DEFAULT_CIRCUIT_BREAKER,
          ...options.circuitBreaker,
          ...setting,
        };
        // A tool with its own breaker settings gets its own breaker: sharing the group's would
        // judge the group by two policies.
        const group = setting === undefined && !key ? tool.resilienceGroup?.name : undefined;
        return {
          key: key ? key(tool) : group ? `group:${group}` : `${tool.namespace}.${tool.name}`,
          ...(group ? { group } : {}),
          policy,
          isFailure: isFailure ?? defaultIsFailure,
        };
      }),
      options.stores?.circuit ?? createMemoryCircuitStateStore(),
      events,
      failuresOf('circuit'),
    );
  }

  // Always built: a tool's resilienceGroup.maxConcurrency (e.g. an MCP server's) holds without a
  // bulkhead section; tools with no limit at all get no bulkhead wrapper, so they pay nothing.
  const bulkhead = options.bulkhead ?? {};
  {
    const toolSlots = createToolMatcher(bulkhead.tools);
    const patternSlots = createToolMatcher(bulkhead.patterns);
    stages.bulkhead = bulkheadMiddleware(
      perTool((tool): readonly SlotLimit[] | undefined => {
        const limits: SlotLimit[] = [];
        if (bulkhead.global !== undefined) limits.push({ key: 'global', limit: bulkhead.global });
        const namespaceLimit = bulkhead.namespaces?.[tool.namespace];
        if (namespaceLimit !== undefined) {
          limits.push({ key: `namespace:${tool.namespace}`, limit: namespaceLimit });
        }
        const group = tool.resilienceGroup;
        if (group) {
          const limit =
            bulkhead.groups && Object.hasOwn(bulkhead.groups, group.name)
              ? bulkhead.groups[group.name]
              : group.maxConcurrency;
          if (limit !== undefined) limits.push({ key: `group:${group.name}`, limit });
        }
        const exact = toolSlots(tool);
        const match = exact ?? patternSlots(tool);
        if (match) {
          limits.push({
            key: exact ? `tool:${tool.namespace}.${tool.name}` : `pattern:${match.pattern}`,
            limit: match.value,
          });
        }
        return limits.length > 0 ? limits : undefined;
      }),
      { ...DEFAULT_BULKHEAD, ...bulkhead },
      options.stores?.bulkhead ?? createMemorySlotStore(),
      events,
      failuresOf('bulkhead'),
    );
  }

  return {
    stages,
    toolTimeoutMs: (tool) => own(tool).timeoutMs,
    async invalidate(name, args) {
      if (!cache) return 0;
      const resolved = registry.resolve(name);
      if (!resolved.ok) return 0;
      const { tool } = resolved;
      const versions = registry
        .list({ namespace: tool.namespace, allVersions: true })
        .filter((candidate) => candidate.name === tool.name);
      return cache.invalidate(versions, args);
    },
  };
}
