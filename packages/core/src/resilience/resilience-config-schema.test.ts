import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createProcessor, type ProcessorOptions } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';

function fieldOf(options: Omit<ProcessorOptions, 'registry'>): string | undefined {
  try {
    createProcessor({ registry: createRegistry(), ...options });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).field;
  }
}

describe('resilience configuration', () => {
  it('accepts every documented section', () => {
    expect(
      fieldOf({
        retry: {
          maxAttempts: 3,
          baseDelayMs: 100,
          maxDelayMs: 1000,
          jitter: 'full',
          retryOn: () => true,
        },
        cache: { ttlMs: 1000, maxEntries: 10 },
        rateLimit: {
          global: { limit: 10, windowMs: 1000 },
          tools: { search: { limit: 1, windowMs: 1000 } },
          perTenant: { limit: 5, windowMs: 1000 },
          mode: 'wait',
        },
        circuitBreaker: {
          failureThreshold: 5,
          windowMs: 1000,
          resetTimeoutMs: 1000,
          halfOpenMaxCalls: 1,
          successThreshold: 1,
        },
        bulkhead: {
          global: 10,
          namespaces: { db: 2 },
          tools: { x: 1 },
          patterns: { 'db.*': 3 },
          queueSize: 5,
          acquireTimeoutMs: 100,
        },
        tools: {
          'db.*': {
            retry: false,
            cache: { ttlMs: 5, cacheKey: (args) => args },
            rateLimit: false,
            circuitBreaker: false,
            timeoutMs: 10,
          },
        },
      }),
    ).toBeUndefined();
  });

  it.each([
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ retry: { maxAttempts: 1.5 } }, 'retry.maxAttempts'],
    [{ retry: { jitter: 'decorrelated' } }, 'retry.jitter'],
    [{ retry: { retryOn: 'yes' } }, 'retry.retryOn'],
    [{ retry: { maxAtempts: 3 } }, 'retry.maxAtempts'],
    [{ cache: { ttlMs: -1 } }, 'cache.ttlMs'],
    [{ rateLimit: { global: { limit: 0, windowMs: 1000 } } }, 'rateLimit.global.limit'],
    [{ rateLimit: { mode: 'block' } }, 'rateLimit.mode'],
    [{ rateLimit: { tools: { search: { limit: 1 } } } }, 'rateLimit.tools.search.windowMs'],
    [{ circuitBreaker: { failureRateThreshold: 2 } }, 'circuitBreaker.failureRateThreshold'],
    [{ bulkhead: { patterns: { 'db.*': 0 } } }, 'bulkhead.patterns.db.*'],
    [{ tools: { search: { timeoutMs: 0 } } }, 'tools.search.timeoutMs'],
    [{ tools: { search: { cache: 'yes' } } }, 'tools.search.cache'],
    [{ stores: { cache: {} } }, 'stores.cache'],
  ])('rejects %j naming %s', (options, field) => {
    expect(fieldOf(options as Omit<ProcessorOptions, 'registry'>)).toBe(field);
  });
});
