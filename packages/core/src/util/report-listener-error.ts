/**
 * Where a listener's error goes when its owner configured no `onListenerError`: a process warning
 * (Node) or the console elsewhere. Never throws, so the code that notified the listener goes on.
 */
export function reportListenerError(source: string, error: unknown): void {
  try {
    const warning = new Error(
      `[tp] ${source} listener threw: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
    warning.name = 'TpListenerError';
    const emitWarning = (globalThis as { process?: { emitWarning?: (w: Error) => void } }).process
      ?.emitWarning;
    if (typeof emitWarning === 'function') emitWarning(warning);
    else console.error(warning);
  } catch {
    // Reporting must not fail the notifier either.
  }
}
