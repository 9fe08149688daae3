/**
 * Lets at most `limit` tasks run at once; the others wait their turn in arrival order.
 * Tasks must not reject (pipeline calls turn failures into results).
 */
export type InFlightGate = <Result>(task: () => Promise<Result>) => Promise<Result>;

export function createInFlightGate(limit: number): InFlightGate {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (task) => {
    if (running < limit) running++;
    // A released slot passes straight to the next waiter, so `running` stays counted for it.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };
}
