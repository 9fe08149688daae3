export interface BackoffOptions {
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly factor?: number;
}

/** Exponential backoff with ±20% jitter, so many clients do not reconnect in lockstep. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialDelayMs ?? 100;
  const max = options.maxDelayMs ?? 10_000;
  const factor = options.factor ?? 2;
  const base = Math.min(max, initial * factor ** attempt);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
