import { ConfigurationError } from '../errors/configuration-error.js';
import { leaf, literalOrObject, object, oneOf, optional, record } from '../util/config-rules.js';
import type { ResilienceOptions } from './resilience-options.js';

const isNumber = (value: unknown): value is number => typeof value === 'number';

const positiveInt = leaf(
  (value) => Number.isInteger(value) && (value as number) > 0,
  'must be a positive integer',
);
const positiveMs = leaf(
  (value) => isNumber(value) && value > 0 && Number.isFinite(value),
  'must be a finite number of milliseconds > 0',
);
const nonNegativeMs = leaf(
  (value) => isNumber(value) && value >= 0 && Number.isFinite(value),
  'must be a finite number of milliseconds ≥ 0',
);
const fn = leaf((value) => typeof value === 'function', 'must be a function');
const store = leaf(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    (value as { specificationVersion?: unknown }).specificationVersion === 'v1',
  'must implement the v1 store contract (specificationVersion "v1")',
);

const retry = object({
  maxAttempts: optional(positiveInt),
  baseDelayMs: optional(nonNegativeMs),
  maxDelayMs: optional(nonNegativeMs),
  jitter: optional(oneOf(['full', 'none'])),
  retryOn: optional(fn),
});
const window = object({ limit: positiveInt, windowMs: positiveMs });
const circuitBreaker = object({
  failureThreshold: optional(positiveInt),
  failureRateThreshold: optional(
    leaf((value) => isNumber(value) && value > 0 && value <= 1, 'must be a number in (0, 1]'),
  ),
  minimumCalls: optional(positiveInt),
  windowMs: optional(positiveMs),
  resetTimeoutMs: optional(positiveMs),
  halfOpenMaxCalls: optional(positiveInt),
  successThreshold: optional(positiveInt),
  probeLeaseMs: optional(positiveMs),
  key: optional(fn),
  isFailure: optional(fn),
});
const limits = record(positiveInt);
const failModes = ['open', 'closed'];
const failMode = oneOf(failModes);

const schema = object(
  {
    retry: optional(retry),
    cache: optional(object({ ttlMs: optional(positiveMs), maxEntries: optional(positiveInt) })),
    rateLimit: optional(
      object({
        global: optional(window),
        tools: optional(record(window)),
        perTenant: optional(window),
        mode: optional(oneOf(['wait', 'reject'])),
      }),
    ),
    circuitBreaker: optional(circuitBreaker),
    bulkhead: optional(
      object({
        global: optional(positiveInt),
        namespaces: optional(limits),
        tools: optional(limits),
        patterns: optional(limits),
        groups: optional(limits),
        queueSize: optional(
          leaf(
            (value) => Number.isInteger(value) && (value as number) >= 0,
            'must be an integer ≥ 0',
          ),
        ),
        acquireTimeoutMs: optional(nonNegativeMs),
        leaseMs: optional(positiveMs),
      }),
    ),
    tools: optional(
      record(
        object({
          retry: optional(literalOrObject([false], retry)),
          cache: optional(
            literalOrObject(
              [true, false],
              object({ ttlMs: optional(positiveMs), cacheKey: optional(fn) }),
            ),
          ),
          rateLimit: optional(literalOrObject([false], window)),
          circuitBreaker: optional(literalOrObject([false], circuitBreaker)),
          timeoutMs: optional(positiveMs),
        }),
      ),
    ),
    stores: optional(
      object(
        {
          cache: optional(store),
          rateLimit: optional(store),
          circuit: optional(store),
          bulkhead: optional(store),
          failMode: optional(
            literalOrObject(
              failModes,
              object({
                cache: optional(failMode),
                rateLimit: optional(failMode),
                circuit: optional(failMode),
                bulkhead: optional(failMode),
              }),
            ),
          ),
        },
        // Not strict: a package's store set (createRedisStores) may carry more than the four stores.
        { strict: false },
      ),
    ),
  },
  // The rest of createProcessor's options are checked where they are used.
  { strict: false },
);

/** Validates the resilience sections of createProcessor's options; names the first bad field. */
export function checkResilienceOptions(options: ResilienceOptions): void {
  const problem = schema(options);
  if (problem) throw new ConfigurationError(problem.path.join('.'), problem.message);
}
