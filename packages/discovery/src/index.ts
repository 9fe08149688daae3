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

export const VERSION = '0.1.0';
