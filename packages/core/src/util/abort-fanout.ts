// Many calls share one request signal. Adding an 'abort' listener per call would trip Node's
// MaxListenersExceededWarning and cost an EventTarget dispatch each; instead each signal gets a
// single real listener that fans out to a Set of callbacks, removable in O(1).

const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts (at once if it already has); returns unsubscribe. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return noop;
  }
  let callbacks = subscribers.get(signal);
  if (!callbacks) {
    const created = new Set<() => void>();
    subscribers.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        const current = [...created];
        created.clear();
        // One callback throwing must not keep the others from hearing about the abort.
        let failure: { error: unknown } | undefined;
        for (const subscriber of current) {
          try {
            subscriber();
          } catch (error) {
            failure ??= { error };
          }
        }
        if (failure) throw failure.error;
      },
      { once: true },
    );
    callbacks = created;
  }
  const registered = callbacks;
  registered.add(callback);
  return () => {
    registered.delete(callback);
  };
}

/**
 * A signal that aborts when any of `signals` does, with that signal's reason. With a single
 * signal that signal itself is returned: creating an AbortSignal costs several microseconds on
 * Node 20, and most requests carry no caller signal of their own.
 */
export function linkSignals(signals: ReadonlyArray<AbortSignal | undefined>): {
  readonly signal: AbortSignal;
  readonly unlink: () => void;
} {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length === 1) return { signal: present[0]!, unlink: noop };
  const controller = new AbortController();
  const unsubscribes: Array<() => void> = [];
  for (const signal of present) {
    unsubscribes.push(onAbort(signal, () => controller.abort(signal.reason)));
    if (controller.signal.aborted) break;
  }
  return {
    signal: controller.signal,
    unlink: () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    },
  };
}

function noop(): void {}
