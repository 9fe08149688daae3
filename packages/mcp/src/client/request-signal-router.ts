import { onAbort } from '@tp/core';

type Fetch = typeof globalThis.fetch;

/**
 * Cancels an HTTP request when its MCP request is cancelled, without the per-request
 * `AbortSignal.any(transportSignal, requestSignal)` of the SDK's HTTP transports: on Node 20 that
 * leaves one listener per request on the transport's long-lived signal (thousands of calls →
 * MaxListenersExceededWarning, and each addEventListener gets slower). Instead the tap keeps the
 * request's signal aside (by JSON-RPC id) and this fetch links it through core's onAbort fan-out,
 * which holds one real listener per signal, released when the response arrives.
 */
export function createRequestSignalRouter(baseFetch: Fetch = globalThis.fetch) {
  const pending = new Map<string | number, { signal: AbortSignal; release: Array<() => void> }>();

  const idOf = (body: unknown): string | number | undefined => {
    if (typeof body !== 'string' || body.charCodeAt(0) !== 123 /* { */) return undefined;
    try {
      const id = (JSON.parse(body) as { id?: unknown }).id;
      return typeof id === 'string' || typeof id === 'number' ? id : undefined;
    } catch {
      return undefined;
    }
  };

  const fetch: Fetch = (input, init) => {
    const id = idOf(init?.body);
    const entry = id === undefined ? undefined : pending.get(id);
    if (!entry) return baseFetch(input, init);
    const controller = new AbortController();
    const abort = (signal: AbortSignal) => () => controller.abort(signal.reason);
    entry.release.push(onAbort(entry.signal, abort(entry.signal)));
    if (init?.signal) entry.release.push(onAbort(init.signal, abort(init.signal)));
    return baseFetch(input, { ...init, signal: controller.signal });
  };

  return {
    fetch,
    /** The MCP request `id` is cancelled by `signal`. */
    register(id: string | number, signal: AbortSignal): void {
      const entry = { signal, release: [] as Array<() => void> };
      pending.set(id, entry);
      // A cancelled request never gets a response; forget it once the abort has been passed on.
      entry.release.push(onAbort(signal, () => queueMicrotask(() => this.release(id))));
    },
    /** The request is settled: drop its links. */
    release(id: string | number): void {
      const entry = pending.get(id);
      if (!entry) return;
      pending.delete(id);
      for (const unsubscribe of entry.release) unsubscribe();
    },
    releaseAll(): void {
      for (const id of [...pending.keys()]) this.release(id);
    },
  };
}

export type RequestSignalRouter = ReturnType<typeof createRequestSignalRouter>;
