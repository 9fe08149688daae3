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
    [{ retry: { baseDelayMs: Number.POSITIVE_INFINITY } }, 'retry.baseDelayMs'],
    [{ circuitBreaker: { failureRateThreshold: 0 } }, 'circuitBreaker.failureRateThreshold'],
    [{ bulkhead: { queueSize: -1 } }, 'bulkhead.queueSize'],
    [{ bulkhead: { groups: [] } }, 'bulkhead.groups'],
    [{ tools: { search: { retry: { maxAttempts: 0 } } } }, 'tools.search.retry.maxAttempts'],
    [{ tools: { search: { retry: true } } }, 'tools.search.retry'],
    [{ tools: { search: { circuitBreaker: { key: 'x' } } } }, 'tools.search.circuitBreaker.key'],
    [{ stores: { failMode: 'half' } }, 'stores.failMode'],
    [{ stores: { failMode: { circuit: 'half' } } }, 'stores.failMode.circuit'],
    [{ rateLimit: null }, 'rateLimit'],
  ])('rejects %j naming %s', (options, field) => {
    expect(fieldOf(options as Omit<ProcessorOptions, 'registry'>)).toBe(field);
  });

  it('says what is wrong with the field', () => {
    const messageOf = (options: object) => {
      try {
        createProcessor({ registry: createRegistry(), ...options });
      } catch (error) {
        return (error as ConfigurationError).message;
      }
      return undefined;
    };
    expect(messageOf({ retry: { maxAtempts: 3 } })).toMatch(
      /retry\.maxAtempts.*is not a known option/,
    );
    expect(messageOf({ retry: { maxAttempts: 1.5 } })).toMatch(/must be a positive integer/);
    expect(messageOf({ retry: { jitter: 'x' } })).toMatch(/must be one of "full", "none"/);
    expect(messageOf({ tools: { t: { cache: 'yes' } } })).toMatch(
      /must be true, false or an object/,
    );
    expect(messageOf({ stores: { cache: {} } })).toMatch(/v1 store contract/);
  });

  it('accepts a store set with extra members and per-stage fail modes', () => {
    const v1 = { specificationVersion: 'v1' };
    expect(
      fieldOf({
        stores: {
          cache: v1,
          circuit: v1,
          close: () => undefined,
          failMode: { cache: 'closed', bulkhead: 'open' },
        } as never,
      }),
    ).toBeUndefined();
  });
});
