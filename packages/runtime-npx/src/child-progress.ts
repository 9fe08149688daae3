import type { ProgressUpdate } from '@tp/core';

/** Longest progress message passed on from tool code; the rest is cut. */
const messageChars = 1024;

/**
 * A progress update sent by tool code in a child or worker (untrusted) as a clean
 * `ProgressUpdate`, or undefined when it is not one (a finite `progress`, an optional finite
 * `total`, an optional string `message`). Nothing else the child put in it is passed on.
 */
export function childProgress(value: unknown): ProgressUpdate | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { progress, total, message } = value as Record<string, unknown>;
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return undefined;
  if (total !== undefined && (typeof total !== 'number' || !Number.isFinite(total)))
    return undefined;
  if (message !== undefined && typeof message !== 'string') return undefined;
  return {
    progress,
    ...(total === undefined ? {} : { total }),
    ...(message === undefined ? {} : { message: message.slice(0, messageChars) }),
  };
}
