import { createRegistry } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { catalogTools } from '../__fixtures__/catalog-tools.js';
import {
  EXACT_QUERIES,
  type LabelledQuery,
  PARAPHRASE_QUERIES,
  TYPO_QUERIES,
} from '../__fixtures__/search-queries.js';
import { createToolIndex } from './create-tool-index.js';

const registry = createRegistry();
registry.register(...catalogTools());
const index = createToolIndex(registry);

function hitAt5(queries: readonly LabelledQuery[]) {
  const misses = queries.filter(
    ({ query, expected }) =>
      !index.search(query, { limit: 5 }).some((hit) => hit.name === expected),
  );
  return { rate: 1 - misses.length / queries.length, misses: misses.map((miss) => miss.query) };
}

// Measured on this fixture (387 tools): exact 1.000 (387 queries), typo 1.000 (341),
// paraphrase 0.986 (70; misses "mail someone a message").
describe('search quality on the 387-tool catalog', () => {
  it('holds at least 300 tools', () => {
    expect(index.size).toBe(registry.list().length);
    expect(index.size).toBeGreaterThanOrEqual(300);
  });

  it.each([
    ['exact qualified names', EXACT_QUERIES, 300],
    ['one-typo names', TYPO_QUERIES, 250],
    ['paraphrases with synonyms', PARAPHRASE_QUERIES, 60],
  ] as const)('hit@5 >= 0.95 for %s', (_label, queries, atLeast) => {
    expect(queries.length).toBeGreaterThanOrEqual(atLeast);
    const { rate, misses } = hitAt5(queries);
    console.info(
      `hit@5 ${_label}: ${rate.toFixed(3)} over ${queries.length} queries; misses: ${misses.join(' | ') || 'none'}`,
    );
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });
});
