/** Store operations may answer synchronously (in-memory) or asynchronously (remote). */
export type MaybePromise<T> = T | Promise<T>;
