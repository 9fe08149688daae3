import { ConfigurationError } from '@tp/core';

/** Per-call limits of WebAssembly tools (docs/runtime-wasm.md). */
export interface WasmLimits {
  /** Wall time of one call in ms; isolated mode only (the worker is terminated). Default 30,000. */
  readonly timeMs?: number;
  /** Linear memory of each core module in MiB (its maximum is rewritten). Default 256. */
  readonly memoryMb?: number;
  /** Bytes of value + log + stdout + stderr one call may produce. Default 1 MiB. */
  readonly outputBytes?: number;
}

export type ResolvedWasmLimits = Required<WasmLimits>;

export const DEFAULT_WASM_LIMITS: ResolvedWasmLimits = Object.freeze({
  timeMs: 30_000,
  memoryMb: 256,
  outputBytes: 1024 * 1024,
});

/** WebAssembly pages (64 KiB) in one MiB. */
export const PAGES_PER_MIB = 16;

export function resolveLimits(limits: WasmLimits | undefined): ResolvedWasmLimits {
  const resolved = { ...DEFAULT_WASM_LIMITS, ...limits };
  for (const key of Object.keys(DEFAULT_WASM_LIMITS) as (keyof WasmLimits)[]) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new ConfigurationError(
        `limits.${key}`,
        `must be an integer >= 1 (got ${String(value)})`,
      );
    }
  }
  // A 32-bit memory holds at most 65,536 pages (4 GiB).
  if (resolved.memoryMb > 4096) {
    throw new ConfigurationError(
      'limits.memoryMb',
      'must be <= 4096 (a 32-bit memory holds 4 GiB)',
    );
  }
  return resolved;
}
