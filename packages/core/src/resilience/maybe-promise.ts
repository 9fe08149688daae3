/** Store operations may answer synchronously (in-memory) or asynchronously (remote). */
export type MaybePromise<T> = T | Promise<T>;

/** Runs `then` on a value that may or may not be a promise, without a microtask when it is not. */
export function whenReady<T, R>(value: MaybePromise<T>, then: (value: T) => R): MaybePromise<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}
