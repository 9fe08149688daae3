import { fromGuest, toGuest } from './wit-json.js';
import { camelCase, type WitFunction } from './wit-type.js';

/** The err of a function returning `result<T, E>`, lifted to JSON. */
export class GuestError extends Error {
  constructor(readonly value: unknown) {
    super(typeof value === 'string' ? value : JSON.stringify(value));
  }
}

/**
 * Calls an exported function with JSON arguments (one property per parameter, already validated
 * against its schema) and returns its result as JSON. A top-level `result` is unwrapped as jco
 * does: the ok value is the tool's value, the err becomes a GuestError.
 */
export function callTyped(
  exports: Record<string, unknown>,
  fn: WitFunction,
  args: unknown,
): unknown {
  const owner = fn.interface ? (exports[fn.interface] as Record<string, unknown>) : exports;
  const callee = owner?.[camelCase(fn.name)];
  if (typeof callee !== 'function') {
    throw new Error(
      `the component does not export ${fn.interface ? `${fn.interface}#` : ''}${fn.name}`,
    );
  }
  const values = (args ?? {}) as Record<string, unknown>;
  const lowered = fn.params.map((param) => toGuest(param.type, values[camelCase(param.name)]));
  const result = fn.result;
  if (result?.kind !== 'result') {
    const value = (callee as (...params: unknown[]) => unknown)(...lowered);
    return result ? fromGuest(result, value) : null;
  }
  try {
    const value = (callee as (...params: unknown[]) => unknown)(...lowered);
    return result.ok ? fromGuest(result.ok, value) : null;
  } catch (error) {
    const payload = errPayload(error);
    if (!payload) throw error;
    throw new GuestError(result.err ? fromGuest(result.err, payload.value) : undefined);
  }
}

/**
 * The err payload of a top-level `result` export, which jco throws: the bare value (jco 1.35), or
 * a ComponentError carrying it in `payload` (other versions). Traps and host errors are Errors.
 */
export function errPayload(error: unknown): { value: unknown } | undefined {
  if (error instanceof Error) {
    return Object.hasOwn(error, 'payload')
      ? { value: (error as unknown as { payload: unknown }).payload }
      : undefined;
  }
  return { value: error };
}
