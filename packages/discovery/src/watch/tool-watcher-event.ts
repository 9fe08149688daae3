import type { ToolErrorInfo } from '@tp/core';

/**
 * What a watcher did with a file. Tool names are qualified (`namespace.name@version`).
 * - `loaded`: a new file's tools were registered.
 * - `reloaded`: a changed file's tools replaced its previous ones (`previous`) in one step.
 * - `removed`: a deleted file's tools were unregistered.
 * - `failed`: the file could not be loaded (or its tools registered): `kept` are still served.
 */
export type ToolWatcherEvent =
  | { readonly type: 'loaded'; readonly file: string; readonly tools: readonly string[] }
  | {
      readonly type: 'reloaded';
      readonly file: string;
      readonly tools: readonly string[];
      readonly previous: readonly string[];
    }
  | { readonly type: 'removed'; readonly file: string; readonly tools: readonly string[] }
  | {
      readonly type: 'failed';
      readonly file: string;
      readonly error: ToolErrorInfo;
      readonly kept: readonly string[];
    };
