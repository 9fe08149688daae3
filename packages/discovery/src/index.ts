// Public API of @tp/discovery.

export {
  createDynamicToolProvider,
  type DynamicToolProvider,
  type DynamicToolProviderOptions,
  META_TOOL_NAMES,
} from './dynamic/create-dynamic-tool-provider.js';
export {
  createToolIndex,
  type MatchReason,
  type ToolIndex,
  type ToolIndexOptions,
  type ToolSearchOptions,
  type ToolSearchResult,
} from './search/create-tool-index.js';
export { BUILT_IN_SYNONYMS, type SynonymInput } from './search/synonyms.js';
export { splitWords } from './search/terms.js';
export {
  createToolWatcher,
  type RescanReport,
  type ToolWatcher,
  type ToolWatcherOptions,
  type ToolWatcherRoot,
} from './watch/create-tool-watcher.js';
export {
  createToolFileCache,
  type ToolFileCache,
  type ToolFileEntry,
} from './watch/tool-file-cache.js';
export type { ToolWatcherEvent } from './watch/tool-watcher-event.js';
export { type FileWatch, watchFile } from './watch/watch-file.js';

export const VERSION = '0.1.0';
