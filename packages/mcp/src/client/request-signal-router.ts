import { onAbort } from '@tp/core';

type Fetch = typeof globalThis.fetch;

/**
 * Gives every HTTP request of an MCP transport its own AbortSignal, linked through core's onAbort
 * fan-out (one real listener per source signal) to the transport's long-lived signal and, for a
 * tool call, to the call's own signal. Without it, each fetch puts a listener on the transport's
 * signal (undici, and the SDK's per-request `AbortSignal.any`) that is not always removed: the raw
 * SDK client prints MaxListenersExceededWarning after ~1,500 calls and slows down as the listener
 * list grows. Links are released when the request's response arrives (`release(id)`), when a
 * notification's POST settles, or when the transport closes (which also ends its SSE streams).
 */
export function createRequestSignalRouter(baseFetch: Fetch = globalThis.fetch) {
  const callSignals = new Map<string | number, AbortSignal>();
  const links = new Map<string | number, Array<() => void>>();
  const streams = new Set<() => void>();

  /** The id of a JSON-RPC request body (a message with both `method` and `id`). */
  const requestIdOf = (body: unknown): string | number | undefined => {
    if (typeof body !== 'string' || body.charCodeAt(0) !== 123 /* { */) return undefined;
    try {
      const message = JSON.parse(body) as { id?: unknown; method?: unknown };
      if (typeof message.method !== 'string') return undefined;
      return typeof message.id === 'string' || typeof message.id === 'number'
        ? message.id
        : undefined;
    } catch {
      return undefined;
    }
  };

  const release = (id: string | number) => {
    callSignals.delete(id);
    const unsubscribes = links.get(id);
    links.delete(id);
    for (const unsubscribe of unsubscribes ?? []) unsubscribe();
  };

  const fetch: Fetch = (input, init) => {
    const id = requestIdOf(init?.body);
    const callSignal = id === undefined ? undefined : callSignals.get(id);
    if (!init?.signal && !callSignal) return baseFetch(input, init);
    const controller = new AbortController();
    const unsubscribes: Array<() => void> = [];
    for (const signal of [init?.signal, callSignal]) {
      if (signal) unsubscribes.push(onAbort(signal, () => controller.abort(signal.reason)));
    }
    const unlink = () => {
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    };
    const response = baseFetch(input, { ...init, signal: controller.signal });
    if (id !== undefined) {
      links.set(id, [...(links.get(id) ?? []), unlink]);
    } else if ((init?.method ?? 'GET').toUpperCase() === 'GET') {
      // A standalone SSE stream lives as long as the transport, and ends with it.
      streams.add(() => {
        unlink();
        controller.abort(new Error('the MCP transport was closed'));
      });
    } else {
      // A notification or a response we send: nothing comes back for it but the HTTP answer.
      response.then(unlink, unlink);
    }
    return response;
  };

  return {
    fetch,
    /** The MCP request `id` is cancelled by `signal`. */
    register(id: string | number, signal: AbortSignal): void {
      callSignals.set(id, signal);
      // A cancelled request never gets a response: forget it once the abort has been passed on.
      const forget = onAbort(signal, () => queueMicrotask(() => release(id)));
      links.set(id, [...(links.get(id) ?? []), forget]);
    },
    /** The request is settled (its response arrived): drop its links. */
    release,
    /** The transport is closed: drop every link and end its long-lived streams. */
    closeAll(): void {
      for (const id of [...links.keys(), ...callSignals.keys()]) release(id);
      for (const end of streams) end();
      streams.clear();
    },
  };
}

export type RequestSignalRouter = ReturnType<typeof createRequestSignalRouter>;
