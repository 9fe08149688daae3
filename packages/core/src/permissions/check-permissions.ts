import type { ToolPermissionsV1 } from '../contracts/permissions/v1/tool-permissions-v1.js';
import { ConfigurationError } from '../errors/configuration-error.js';

type Fail = (field: string, problem: string) => never;

const host = String.raw`(?:\*|(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])`;
const connectPattern = new RegExp(String.raw`^${host}(?::(?:\*|\d{1,5}))?$`);
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const maxMs = 2 ** 31 - 1;

/**
 * Validates a permissions manifest at definition time and returns a frozen copy. Every problem is
 * a ConfigurationError naming the field, e.g. `tool "x".permissions.net.connect[0]`.
 */
export function checkPermissions(value: unknown, field: string): ToolPermissionsV1 {
  const fail: Fail = (at, problem) => {
    throw new ConfigurationError(`${field}${at}`, problem);
  };
  const manifest = objectOf(value, '', ['fs', 'net', 'env', 'spawn', ...limitKeys], fail);
  const fs =
    manifest.fs === undefined ? undefined : objectOf(manifest.fs, '.fs', ['read', 'write'], fail);
  const net =
    manifest.net === undefined ? undefined : objectOf(manifest.net, '.net', ['connect'], fail);
  const checked: Record<string, unknown> = {};
  if (fs) {
    checked.fs = Object.freeze({
      ...(fs.read !== undefined ? { read: listOf(fs.read, '.fs.read', isPath, fail) } : {}),
      ...(fs.write !== undefined ? { write: listOf(fs.write, '.fs.write', isPath, fail) } : {}),
    });
  }
  if (net?.connect !== undefined) {
    checked.net = Object.freeze({ connect: listOf(net.connect, '.net.connect', isHostPort, fail) });
  } else if (net) checked.net = Object.freeze({});
  if (manifest.env !== undefined) checked.env = listOf(manifest.env, '.env', isEnvName, fail);
  if (manifest.spawn !== undefined) {
    if (typeof manifest.spawn !== 'boolean') fail('.spawn', 'must be a boolean');
    checked.spawn = manifest.spawn;
  }
  for (const key of limitKeys) {
    const limit = manifest[key];
    if (limit === undefined) continue;
    const max = key === 'timeMs' || key === 'cpuMs' ? maxMs : Number.MAX_SAFE_INTEGER;
    if (!(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= max)) {
      fail(`.${key}`, `must be an integer from 1 to ${max}`);
    }
    checked[key] = limit;
  }
  return Object.freeze(checked) as ToolPermissionsV1;
}

const limitKeys = ['timeMs', 'cpuMs', 'memoryMb', 'outputBytes'] as const;

interface Rule {
  readonly test: (item: string) => boolean;
  readonly expected: string;
}

const isPath: Rule = { test: (item) => item !== '', expected: 'a non-empty path or pattern' };
const isHostPort: Rule = {
  test: (item) => connectPattern.test(item) && portInRange(item),
  expected: 'a host[:port] pattern such as "api.example.com:443" or "*.example.com"',
};
const isEnvName: Rule = {
  test: (item) => envName.test(item),
  expected: 'an environment variable name',
};

function portInRange(pattern: string): boolean {
  const port = /:(\d+)$/.exec(pattern)?.[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

function objectOf(
  value: unknown,
  at: string,
  known: readonly string[],
  fail: Fail,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(at, 'must be an object');
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      fail(`${at}.${key}`, `is not a permission (known here: ${known.join(', ')})`);
    }
  }
  return value as Record<string, unknown>;
}

function listOf(value: unknown, at: string, rule: Rule, fail: Fail): readonly string[] {
  if (!Array.isArray(value)) return fail(at, 'must be an array of strings');
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string' || !rule.test(item)) {
      fail(`${at}[${index}]`, `must be ${rule.expected} (got ${JSON.stringify(item)})`);
    }
  }
  return Object.freeze([...value]);
}
