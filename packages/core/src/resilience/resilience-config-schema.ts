import { z } from 'zod';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ResilienceOptions } from './resilience-options.js';

const positiveInt = z.number().int().positive();
const positiveMs = z.number().positive().finite();
const nonNegativeMs = z.number().nonnegative().finite();
const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'must be a function',
});
const store = z.custom<object>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    (value as { specificationVersion?: unknown }).specificationVersion === 'v1',
  { message: 'must implement the v1 store contract (specificationVersion "v1")' },
);

const retry = z.strictObject({
  maxAttempts: positiveInt.optional(),
  baseDelayMs: nonNegativeMs.optional(),
  maxDelayMs: nonNegativeMs.optional(),
  jitter: z.enum(['full', 'none']).optional(),
  retryOn: fn.optional(),
});
const window = z.strictObject({ limit: positiveInt, windowMs: positiveMs });
const circuitBreaker = z.strictObject({
  failureThreshold: positiveInt.optional(),
  failureRateThreshold: z.number().gt(0).lte(1).optional(),
  minimumCalls: positiveInt.optional(),
  windowMs: positiveMs.optional(),
  resetTimeoutMs: positiveMs.optional(),
  halfOpenMaxCalls: positiveInt.optional(),
  successThreshold: positiveInt.optional(),
  probeLeaseMs: positiveMs.optional(),
  key: fn.optional(),
  isFailure: fn.optional(),
});
const limits = z.record(z.string(), positiveInt);
const failMode = z.enum(['open', 'closed']);

const schema = z.object({
  retry: retry.optional(),
  cache: z
    .strictObject({ ttlMs: positiveMs.optional(), maxEntries: positiveInt.optional() })
    .optional(),
  rateLimit: z
    .strictObject({
      global: window.optional(),
      tools: z.record(z.string(), window).optional(),
      perTenant: window.optional(),
      mode: z.enum(['wait', 'reject']).optional(),
    })
    .optional(),
  circuitBreaker: circuitBreaker.optional(),
  bulkhead: z
    .strictObject({
      global: positiveInt.optional(),
      namespaces: limits.optional(),
      tools: limits.optional(),
      patterns: limits.optional(),
      groups: limits.optional(),
      queueSize: z.number().int().nonnegative().optional(),
      acquireTimeoutMs: nonNegativeMs.optional(),
      leaseMs: positiveMs.optional(),
    })
    .optional(),
  tools: z
    .record(
      z.string(),
      z.strictObject({
        retry: z.union([z.literal(false), retry]).optional(),
        cache: z
          .union([
            z.boolean(),
            z.strictObject({ ttlMs: positiveMs.optional(), cacheKey: fn.optional() }),
          ])
          .optional(),
        rateLimit: z.union([z.literal(false), window]).optional(),
        circuitBreaker: z.union([z.literal(false), circuitBreaker]).optional(),
        timeoutMs: positiveMs.optional(),
      }),
    )
    .optional(),
  // Not strict: a package's store set (createRedisStores) may carry more than the four stores.
  stores: z
    .object({
      cache: store.optional(),
      rateLimit: store.optional(),
      circuit: store.optional(),
      bulkhead: store.optional(),
      failMode: z
        .union([
          failMode,
          z.strictObject({
            cache: failMode.optional(),
            rateLimit: failMode.optional(),
            circuit: failMode.optional(),
            bulkhead: failMode.optional(),
          }),
        ])
        .optional(),
    })
    .optional(),
});

/** Validates the resilience sections of createProcessor's options; names the first bad field. */
export function checkResilienceOptions(options: ResilienceOptions): void {
  const parsed = schema.safeParse(options);
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String);
  // An unknown key is reported on its parent; name the key itself.
  if (issue.code === 'unrecognized_keys') path.push(issue.keys[0]!);
  const problem = issue.code === 'unrecognized_keys' ? 'is not a known option' : issue.message;
  throw new ConfigurationError(path.join('.'), problem);
}
