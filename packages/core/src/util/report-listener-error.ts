import { emitTpWarning } from './emit-tp-warning.js';

/**
 * Where a listener's error goes when its owner configured no `onListenerError`: a process warning
 * (Node) or the console elsewhere. Never throws, so the code that notified the listener goes on.
 */
export function reportListenerError(source: string, error: unknown): void {
  emitTpWarning(
    'TpListenerError',
    `[tp] ${source} listener threw: ${error instanceof Error ? error.message : String(error)}`,
    error,
  );
}
