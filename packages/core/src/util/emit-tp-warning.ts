/** A process warning named `name` (Node) or a console error elsewhere. Never throws. */
export function emitTpWarning(name: string, message: string, cause: unknown): void {
  try {
    const warning = new Error(message, { cause });
    warning.name = name;
    const emitWarning = (globalThis as { process?: { emitWarning?: (w: Error) => void } }).process
      ?.emitWarning;
    if (typeof emitWarning === 'function') emitWarning(warning);
    else console.error(warning);
  } catch {
    // Reporting must not fail the code that reports.
  }
}
