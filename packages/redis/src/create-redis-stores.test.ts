import { describe, expect, it } from 'vitest';
import { createRedisStores } from './create-redis-stores.js';

describe('createRedisStores options', () => {
  it.each([
    [{}, 'client'],
    [{ url: 'redis://127.0.0.1:1', client: {} as never }, 'client'],
    [{ url: 'redis://127.0.0.1:1', prefix: 5 as never }, 'prefix'],
    [{ url: 'redis://127.0.0.1:1', failMode: 'sometimes' as never }, 'failMode'],
    [
      { url: 'redis://127.0.0.1:1', failMode: { cache: 'open', queue: 'open' } as never },
      'failMode',
    ],
    [{ url: 'redis://127.0.0.1:1', commandTimeoutMs: 0 }, 'commandTimeoutMs'],
    [{ url: 'redis://127.0.0.1:1', maxOfflineCommands: Number.NaN }, 'maxOfflineCommands'],
  ])('%o is a CONFIGURATION_ERROR naming %s', (options, field) => {
    expect(() => createRedisStores(options)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR', details: { field } }),
    );
  });
});
