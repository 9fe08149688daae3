import { ConfigurationError } from '@tp/core';

/** Per-call limits of Tcl tools. Every limit is enforced; see docs/runtime-tcl.md for the codes. */
export interface TclLimits {
  /** Tcl commands one call may execute (`interp limit … commands`). Default 1,000,000. */
  readonly commands?: number;
  /** Wall time of one call in ms (`interp limit … time`, plus a host-side kill). Default 30,000. */
  readonly timeMs?: number;
  /** Nesting depth of evaluations (`interp recursionlimit`). Default 1000. */
  readonly recursion?: number;
  /** Bytes of stdout + stderr (and of the result) one call may produce. Default 1 MiB. */
  readonly outputBytes?: number;
  /** Address-space ceiling of each worker process in MiB (ulimit -v); 0 disables. Default 512. */
  readonly memoryMb?: number;
}

export type ResolvedTclLimits = Required<TclLimits>;

export const DEFAULT_TCL_LIMITS: ResolvedTclLimits = Object.freeze({
  commands: 1_000_000,
  timeMs: 30_000,
  recursion: 1000,
  outputBytes: 1024 * 1024,
  memoryMb: 512,
});

export function resolveLimits(limits: TclLimits | undefined): ResolvedTclLimits {
  const resolved = { ...DEFAULT_TCL_LIMITS, ...limits };
  for (const key of Object.keys(DEFAULT_TCL_LIMITS) as (keyof TclLimits)[]) {
    const value = resolved[key];
    const allowsZero = key === 'memoryMb';
    if (!Number.isInteger(value) || value < (allowsZero ? 0 : 1)) {
      throw new ConfigurationError(
        `limits.${key}`,
        `must be an integer ${allowsZero ? '>= 0' : '>= 1'} (got ${String(value)})`,
      );
    }
  }
  return resolved;
}
