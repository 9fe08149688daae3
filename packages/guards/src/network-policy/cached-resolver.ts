/** Answers remembered by a cached resolver; past it the oldest is dropped. */
const MAX_ENTRIES = 1_000;

export interface CachedResolverOptions {
  /** A lookup that takes longer fails (milliseconds). */
  readonly timeoutMs: number;
  /** How long an answer (addresses or failure) is reused (milliseconds). */
  readonly ttlMs: number;
}

/**
 * `resolve` with a time limit and a small cache: an agent names the same few hosts over and over,
 * and a slow or dead DNS server must not hold a call for longer than the limit. Failures are
 * remembered too (a host that does not resolve keeps being refused without a lookup each time).
 */
export function cachedResolver(
  resolve: (host: string) => Promise<readonly string[]>,
  { timeoutMs, ttlMs }: CachedResolverOptions,
): (host: string) => Promise<readonly string[]> {
  const answers = new Map<string, { expires: number; answer: Promise<readonly string[]> }>();
  return (host) => {
    const now = Date.now();
    const cached = answers.get(host);
    if (cached && cached.expires > now) return cached.answer;
    answers.delete(host);
    if (answers.size >= MAX_ENTRIES) answers.delete(answers.keys().next().value!);
    const answer = withTimeout(
      Promise.resolve().then(() => resolve(host)),
      timeoutMs,
      host,
    );
    // Settled rejections are observed by the callers; this one only keeps Node quiet.
    answer.catch(() => {});
    answers.set(host, { expires: now + ttlMs, answer });
    return answer;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, host: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`resolving "${host}" took over ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
