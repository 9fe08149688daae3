/**
 * Runs `task(0..count-1)` with at most `limit` in flight, in submission order of start.
 * `task` must not reject (pipeline stages turn failures into outcomes).
 */
export async function runPool(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(limit, count); i++) workers.push(worker());
  await Promise.all(workers);
}
