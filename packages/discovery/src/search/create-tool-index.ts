import { ConfigurationError, type ToolDefinition, type ToolRegistry } from '@tp/core';
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import { createSessionUsage } from './session-usage.js';
import {
  BUILT_IN_SYNONYMS,
  checkSynonymGroups,
  createSynonymTable,
  type SynonymInput,
} from './synonyms.js';
import { normalizeTerm, splitWords, termsOf } from './terms.js';
import {
  SEARCH_FIELDS,
  type SearchField,
  type ToolDocument,
  toolDocument,
} from './tool-document.js';
import { createVocabulary } from './vocabulary.js';

export interface ToolIndexOptions {
  /** Extra synonym groups (`[['deploy', 'ship', 'release']]`), added to the built-in table. */
  readonly synonyms?: SynonymInput;
  /** Use the built-in synonym table (default true). */
  readonly builtInSynonyms?: boolean;
  /** Field weights; defaults: name 4, namespace 2, tags 1.5, description 1, parameters 0.5. */
  readonly boosts?: Partial<Record<SearchField, number>>;
  /** Typo tolerance as a fraction of the term's length (default 0.2; false turns it off). */
  readonly fuzzy?: number | false;
  /** Match query terms as prefixes of longer words (default true). */
  readonly prefix?: boolean;
  /** Which of the registry's tools are indexed (default: all). */
  readonly include?: (tool: ToolDefinition) => boolean;
}

export interface ToolSearchOptions {
  /** At most this many results (default 10, 1-1000). */
  readonly limit?: number;
  readonly namespace?: string;
  /** Only tools of this runtime kind (`tcl`, `mcp`, `in-process`...). */
  readonly runtime?: string;
  /** Only tools carrying every one of these tags. */
  readonly tags?: readonly string[];
}

/** Why a result matched: a query word, the tool's word it met, in which fields, and how. */
export interface MatchReason {
  readonly queryTerm: string;
  readonly matchedTerm: string;
  readonly fields: readonly string[];
  readonly kind: 'exact' | 'prefix' | 'typo' | 'synonym';
}

export interface ToolSearchResult {
  /** The qualified name (`namespace.name`) to call it by. */
  readonly name: string;
  readonly tool: ToolDefinition;
  readonly score: number;
  readonly why: readonly MatchReason[];
  /** The session factor applied to the score (1 when the tool has no history here). */
  readonly sessionBoost: number;
}

export interface ToolIndex {
  search(query: string, options?: ToolSearchOptions): ToolSearchResult[];
  /** Tells the index a call of the tool (qualified name) succeeded or failed in this session. */
  recordUse(name: string, outcome: { readonly ok: boolean }): void;
  /** How many tools are indexed (the newest version of each). */
  readonly size: number;
  /** Stops following the registry. */
  close(): void;
}

const defaultBoosts: Record<SearchField, number> = {
  name: 4,
  namespace: 2,
  tags: 1.5,
  description: 1,
  parameters: 0.5,
};
const synonymWeight = 0.6;
const transpositionWeight = 0.8;
const maxLimit = 1000;

/**
 * A search index over a registry's tools (the newest version of each), kept in sync with its
 * registrations and removals. BM25 over name, namespace, tags, description and parameters.
 */
export function createToolIndex(registry: ToolRegistry, options: ToolIndexOptions = {}): ToolIndex {
  if (
    !registry ||
    typeof registry.subscribe !== 'function' ||
    typeof registry.list !== 'function'
  ) {
    throw new ConfigurationError(
      'createToolIndex(registry)',
      'expects a registry (createRegistry())',
    );
  }
  const settings = checkOptions(options);
  const synonyms = createSynonymTable([
    ...(settings.builtInSynonyms ? BUILT_IN_SYNONYMS : []),
    ...checkSynonymGroups(options.synonyms ?? [], 'createToolIndex(options.synonyms)'),
  ]);
  const include = settings.include;
  const tools = new Map<string, ToolDefinition>();
  const documentTerms = new Map<string, string[]>();
  const vocabulary = createVocabulary();
  const usage = createSessionUsage();
  const search = new MiniSearch<ToolDocument>({
    fields: [...SEARCH_FIELDS],
    tokenize: splitWords,
    processTerm: normalizeTerm,
    searchOptions: {
      // Queries arrive as normalized single terms (see queryOf).
      tokenize: (term) => [term],
      processTerm: (term) => term,
      boost: settings.boosts,
      // Typo tolerance for words no tool uses (the costly part of a query, skipped for known words).
      fuzzy: (term) =>
        settings.fuzzy !== false && term.length >= 4 && !vocabulary.has(term)
          ? settings.fuzzy
          : false,
      prefix: (term) => settings.prefix && term.length >= 3,
      boostDocument: (id) => usage.boostOf(id as string),
    },
  });
  const idOf = (tool: Pick<ToolDefinition, 'name' | 'namespace'>) =>
    `${tool.namespace}${registry.separator}${tool.name}`;
  const documentOf = (id: string, tool: ToolDefinition) => {
    const document = toolDocument(id, tool);
    const terms = SEARCH_FIELDS.flatMap((field) => termsOf(document[field]));
    vocabulary.add(terms);
    documentTerms.set(id, terms);
    tools.set(id, tool);
    return document;
  };
  const refresh = (changed: ToolDefinition) => {
    const id = idOf(changed);
    if (tools.has(id)) {
      search.discard(id);
      vocabulary.remove(documentTerms.get(id)!);
      documentTerms.delete(id);
      tools.delete(id);
    }
    const newest = registry.get(changed.name, { namespace: changed.namespace });
    if (newest && include(newest)) search.add(documentOf(id, newest));
    else usage.forget(id);
  };
  search.addAll(
    registry
      .list()
      .filter(include)
      .map((tool) => documentOf(idOf(tool), tool)),
  );
  const unsubscribe = registry.subscribe((change) => refresh(change.tool));

  return {
    search(query, searchOptions = {}) {
      if (typeof query !== 'string') {
        throw new ConfigurationError('search(query)', 'must be a string');
      }
      const { limit, filter } = checkSearchOptions(searchOptions);
      const terms = [...new Set(termsOf(query))];
      if (terms.length === 0) return [];
      const origins = new Map<string, Origin>();
      const expansions = (term: string) => [
        // Only synonyms some tool uses: the others cannot match and each costs a lookup.
        ...synonyms
          .of(term)
          .filter((alternative) => vocabulary.has(alternative))
          .map((alternative) => ({ term: alternative, kind: 'synonym' as const })),
        ...vocabulary
          .transpositionsOf(term)
          .map((alternative) => ({ term: alternative, kind: 'typo' as const })),
      ];
      const results = search.search(queryOf(terms, expansions, origins), {
        filter: (result) => filter(tools.get(result.id as string)!),
      });
      return results.slice(0, limit).map((result) => ({
        name: result.id as string,
        tool: tools.get(result.id as string)!,
        score: result.score,
        why: explain(result, terms, origins),
        sessionBoost: usage.boostOf(result.id as string),
      }));
    },
    recordUse(name, outcome) {
      if (tools.has(name)) usage.record(name, outcome?.ok === true);
    },
    get size() {
      return search.documentCount;
    },
    close() {
      unsubscribe();
    },
  };
}

interface Origin {
  readonly queryTerm: string;
  readonly kind: 'synonym' | 'typo';
}

/**
 * OR of the query's terms, each with its synonyms and transposition fixes (weighted down);
 * `origins` records which query word each alternative stands for.
 */
function queryOf(
  terms: readonly string[],
  expansions: (term: string) => { term: string; kind: Origin['kind'] }[],
  origins: Map<string, Origin>,
): Query {
  return {
    combineWith: 'OR',
    queries: terms.map((term) => {
      const alternatives = expansions(term).filter((option) => !terms.includes(option.term));
      for (const option of alternatives) {
        if (!origins.has(option.term))
          origins.set(option.term, { queryTerm: term, kind: option.kind });
      }
      if (alternatives.length === 0) return term;
      const group = (kind: Origin['kind'], weight: number): Query[] => {
        const queries = alternatives
          .filter((option) => option.kind === kind)
          .map((option) => option.term);
        // Alternatives are words of the index: no prefix or typo matching on them.
        return queries.length === 0
          ? []
          : [{ combineWith: 'OR', queries, boostTerm: () => weight, prefix: false, fuzzy: false }];
      };
      return {
        combineWith: 'OR',
        queries: [term, ...group('synonym', synonymWeight), ...group('typo', transpositionWeight)],
      };
    }),
  };
}

function explain(
  result: SearchResult,
  terms: readonly string[],
  origins: ReadonlyMap<string, Origin>,
): MatchReason[] {
  return Object.entries(result.match).map(([matchedTerm, fields]) => {
    const reason = { matchedTerm, fields: [...new Set(fields)] };
    if (terms.includes(matchedTerm)) return { ...reason, queryTerm: matchedTerm, kind: 'exact' };
    const origin = origins.get(matchedTerm);
    if (origin) return { ...reason, ...origin };
    const sources = [...terms, ...origins.keys()];
    const prefixOf = sources.find((term) => matchedTerm.startsWith(term));
    if (prefixOf) {
      return { ...reason, queryTerm: origins.get(prefixOf)?.queryTerm ?? prefixOf, kind: 'prefix' };
    }
    // A fuzzy match: minisearch reports the query terms that matched, not which one met this word.
    const source = result.queryTerms.find((term) => !result.match[term]) ?? result.queryTerms[0]!;
    return { ...reason, queryTerm: origins.get(source)?.queryTerm ?? source, kind: 'typo' };
  });
}

function checkOptions(options: ToolIndexOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('createToolIndex(options)', 'must be an object');
  }
  const boosts = { ...defaultBoosts };
  for (const [field, weight] of Object.entries(options.boosts ?? {})) {
    if (!(SEARCH_FIELDS as readonly string[]).includes(field)) {
      throw new ConfigurationError(
        `createToolIndex(options.boosts.${field})`,
        `is not a searchable field (${SEARCH_FIELDS.join(', ')})`,
      );
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new ConfigurationError(
        `createToolIndex(options.boosts.${field})`,
        'must be a number >= 0',
      );
    }
    boosts[field as SearchField] = weight;
  }
  const fuzzy = options.fuzzy ?? 0.2;
  if (fuzzy !== false && (typeof fuzzy !== 'number' || !(fuzzy > 0 && fuzzy < 1))) {
    throw new ConfigurationError(
      'createToolIndex(options.fuzzy)',
      'must be a number in (0, 1) or false',
    );
  }
  if (options.prefix !== undefined && typeof options.prefix !== 'boolean') {
    throw new ConfigurationError('createToolIndex(options.prefix)', 'must be a boolean');
  }
  if (options.builtInSynonyms !== undefined && typeof options.builtInSynonyms !== 'boolean') {
    throw new ConfigurationError('createToolIndex(options.builtInSynonyms)', 'must be a boolean');
  }
  if (options.include !== undefined && typeof options.include !== 'function') {
    throw new ConfigurationError('createToolIndex(options.include)', 'must be a function');
  }
  return {
    include: options.include ?? (() => true),
    boosts,
    fuzzy,
    prefix: options.prefix ?? true,
    builtInSynonyms: options.builtInSynonyms ?? true,
  };
}

function checkSearchOptions(options: ToolSearchOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('search(options)', 'must be an object');
  }
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new ConfigurationError(
      'search(options.limit)',
      `must be an integer from 1 to ${maxLimit}`,
    );
  }
  for (const field of ['namespace', 'runtime'] as const) {
    if (options[field] !== undefined && typeof options[field] !== 'string') {
      throw new ConfigurationError(`search(options.${field})`, 'must be a string');
    }
  }
  const tags = options.tags ?? [];
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
    throw new ConfigurationError('search(options.tags)', 'must be an array of strings');
  }
  const filter = (tool: ToolDefinition) =>
    (options.namespace === undefined || tool.namespace === options.namespace) &&
    (options.runtime === undefined || tool.runtime === options.runtime) &&
    tags.every((tag) => tool.tags.includes(tag));
  return { limit, filter };
}
