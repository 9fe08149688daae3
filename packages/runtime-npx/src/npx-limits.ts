import { ConfigurationError } from '@tp/core';

/** Per-call limits of npx tools (the upper bound of what a tool's permissions may ask for). */
export interface NpxLimits {
  /** Wall time of one call in ms; the child is killed (SIGKILL) when it passes. Default 30,000. */
  readonly timeMs?: number;
  /** V8 heap ceiling of a child or worker in MiB (`--max-old-space-size`). Default 256. */
  readonly memoryMb?: number;
  /** Bytes of result + stdout + stderr one call may produce. Default 1 MiB. */
  readonly outputBytes?: number;
}

export type ResolvedNpxLimits = Required<NpxLimits>;

export const DEFAULT_NPX_LIMITS: ResolvedNpxLimits = Object.freeze({
  timeMs: 30_000,
  memoryMb: 256,
  outputBytes: 1024 * 1024,
});

export function resolveLimits(limits: NpxLimits | undefined): ResolvedNpxLimits {
  const resolved = { ...DEFAULT_NPX_LIMITS, ...limits };
  for (const key of Object.keys(DEFAULT_NPX_LIMITS) as (keyof NpxLimits)[]) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new ConfigurationError(
        `limits.${key}`,
        `must be an integer >= 1 (got ${String(value)})`,
      );
    }
  }
  return resolved;
}
