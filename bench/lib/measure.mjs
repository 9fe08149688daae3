// Shared timing helpers for bench/*.bench.mjs: repeat a timed block, quote medians.

/**
 * Runs `block` (which performs `operations` operations) `warmup` times untimed, then
 * `repetitions` times timed. Returns the microseconds per operation of each timed repetition, by
 * wall clock and by this process's CPU time (which other processes on a busy machine inflate far
 * less; it includes V8's helper threads, e.g. concurrent GC).
 */
export async function repeat(block, { operations, repetitions = 20, warmup = 5 }) {
  for (let index = 0; index < warmup; index++) await block();
  const wallUs = [];
  const cpuUs = [];
  for (let index = 0; index < repetitions; index++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await block();
    const elapsed = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    wallUs.push((elapsed * 1000) / operations);
    cpuUs.push((cpu.user + cpu.system) / operations);
  }
  return { wallUs, cpuUs };
}

export function median(samples) {
  return percentile(samples, 50);
}

/** Nearest-rank percentile. */
export function percentile(samples, rank) {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1),
  );
  return sorted[index];
}
