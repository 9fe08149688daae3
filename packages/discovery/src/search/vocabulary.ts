/** The terms the index holds, counted, so that a query word can be checked against them. */
export interface Vocabulary {
  add(terms: readonly string[]): void;
  remove(terms: readonly string[]): void;
  has(term: string): boolean;
  /**
   * Index terms one swap of adjacent letters away from `term` ("wirt" -> "writ"). Typo tolerance
   * by edit distance counts a transposition as two edits, more than short words are allowed.
   */
  transpositionsOf(term: string): string[];
}

export function createVocabulary(): Vocabulary {
  const counts = new Map<string, number>();
  return {
    add(terms) {
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    },
    remove(terms) {
      for (const term of terms) {
        const count = (counts.get(term) ?? 0) - 1;
        if (count > 0) counts.set(term, count);
        else counts.delete(term);
      }
    },
    has(term) {
      return counts.has(term);
    },
    transpositionsOf(term) {
      if (term.length < 4 || counts.has(term)) return [];
      const found = new Set<string>();
      for (let index = 0; index < term.length - 1; index += 1) {
        if (term[index] === term[index + 1]) continue;
        const swapped = `${term.slice(0, index)}${term[index + 1]}${term[index]}${term.slice(index + 2)}`;
        if (counts.has(swapped)) found.add(swapped);
      }
      return [...found];
    },
  };
}
