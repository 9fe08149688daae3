import { describe, expect, it } from 'vitest';
import { defineTool } from '../define-tool.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { declaredPermissions } from './declared-permissions.js';

const base = {
  name: 'fetcher',
  description: 'reads things',
  inputSchema: { type: 'object' },
  execute: () => 'ok',
} as const;

function fieldOf(permissions: unknown): string {
  try {
    defineTool({ ...base, permissions: permissions as never });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe('CONFIGURATION_ERROR');
    return (error as ConfigurationError).field;
  }
  throw new Error('expected a ConfigurationError');
}

describe('permissions manifest v1 at definition time', () => {
  it('keeps a valid manifest, frozen, on the definition', () => {
    const permissions = {
      fs: { read: ['/data/**'], write: ['/tmp/out'] },
      net: { connect: ['api.example.com:443', '*.example.org', '127.0.0.1:*', '[::1]:8080'] },
      env: ['HOME', 'API_TOKEN'],
      spawn: false,
      timeMs: 1000,
      cpuMs: 500,
      memoryMb: 64,
      outputBytes: 4096,
    };
    const tool = defineTool({ ...base, permissions });
    expect(tool.permissions).toEqual(permissions);
    expect(Object.isFrozen(tool.permissions)).toBe(true);
    expect(Object.isFrozen(tool.permissions?.fs?.read)).toBe(true);
    expect(Object.isFrozen(tool.permissions?.net)).toBe(true);
  });

  it('has no permissions when none are declared (deny-all)', () => {
    const tool = defineTool(base);
    expect(tool.permissions).toBeUndefined();
    expect(declaredPermissions(tool.permissions)).toEqual([]);
  });

  it('names the offending field of an invalid manifest', () => {
    const label = 'tool "fetcher".permissions';
    const cases: [unknown, string][] = [
      ['all', label],
      [[], label],
      [{ network: {} }, `${label}.network`],
      [{ fs: 'ro' }, `${label}.fs`],
      [{ fs: { exec: [] } }, `${label}.fs.exec`],
      [{ fs: { read: '/etc' } }, `${label}.fs.read`],
      [{ fs: { write: ['/tmp', ''] } }, `${label}.fs.write[1]`],
      [{ net: { connect: ['http://example.com'] } }, `${label}.net.connect[0]`],
      [{ net: { connect: ['ok.example.com', 'host:99999'] } }, `${label}.net.connect[1]`],
      [{ net: { connect: ['a b'] } }, `${label}.net.connect[0]`],
      [{ net: { listen: [] } }, `${label}.net.listen`],
      [{ env: ['PATH', 'NOT-A-NAME'] }, `${label}.env[1]`],
      [{ env: [1] }, `${label}.env[0]`],
      [{ spawn: 'yes' }, `${label}.spawn`],
      [{ timeMs: 0 }, `${label}.timeMs`],
      [{ cpuMs: 1.5 }, `${label}.cpuMs`],
      [{ memoryMb: -1 }, `${label}.memoryMb`],
      [{ outputBytes: '1k' }, `${label}.outputBytes`],
      [{ timeMs: 2 ** 31 }, `${label}.timeMs`],
    ];
    for (const [permissions, field] of cases) {
      expect(fieldOf(permissions), JSON.stringify(permissions)).toBe(field);
    }
  });

  it('declares only the fields that grant or limit something', () => {
    const declared = declaredPermissions(
      defineTool({
        ...base,
        permissions: {
          fs: { read: [], write: ['/tmp'] },
          net: { connect: [] },
          env: [],
          spawn: false,
          memoryMb: 32,
        },
      }).permissions,
    );
    expect(declared).toEqual(['fs.write', 'memoryMb']);
    expect(
      declaredPermissions({
        fs: { read: ['/a'] },
        net: { connect: ['h'] },
        env: ['E'],
        spawn: true,
        timeMs: 1,
        cpuMs: 1,
        outputBytes: 1,
      }),
    ).toEqual(['fs.read', 'net.connect', 'env', 'spawn', 'timeMs', 'cpuMs', 'outputBytes']);
  });
});
