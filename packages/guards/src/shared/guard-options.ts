import { ConfigurationError, type GuardEnforcement, type GuardVerdict } from '@tp/core';

/** Options every guard factory takes. */
export interface GuardBaseOptions {
  /** 'block' (default) enforces; 'warn' only reports what it would do; 'off' disables. */
  readonly enforcement?: GuardEnforcement;
}

export const ALLOW: GuardVerdict = Object.freeze({ verdict: 'allow' });

const enforcements = new Set<unknown>(['off', 'warn', 'block']);

/** The `enforcement` and `name` fields of a guard, checked. */
export function guardIdentity(name: string, options: GuardBaseOptions | undefined) {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new ConfigurationError(name, 'options must be an object');
  }
  const enforcement = options?.enforcement ?? 'block';
  if (!enforcements.has(enforcement)) {
    throw new ConfigurationError(`${name}.enforcement`, 'must be "off", "warn" or "block"');
  }
  return { specificationVersion: 'v1' as const, name, enforcement };
}

/** A positive integer option, or its default. */
export function positiveInteger(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(field, 'must be a positive integer');
  }
  return value;
}

/** A non-negative finite number option, or its default (undefined when neither). */
export function nonNegative(field: string, value: unknown, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(field, 'must be a non-negative number');
  }
  return value;
}

/** One of `allowed`, or its default. */
export function oneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new ConfigurationError(
      field,
      `must be one of ${allowed.map((item) => `"${item}"`).join(', ')}`,
    );
  }
  return value as T;
}

/** A record of positive integers (per tool, per category...). */
export function integerRecord(field: string, value: unknown): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  if (value === undefined) return map;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(field, 'must be an object of positive integers');
  }
  for (const [key, limit] of Object.entries(value)) {
    map.set(key, positiveInteger(`${field}.${key}`, limit, 1));
  }
  return map;
}
