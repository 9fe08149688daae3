/**
 * How text becomes search terms, the same for tools and queries: names split on `_`, `-`, `.`,
 * spaces and camelCase; lowercased; a few stopwords dropped; plurals and -ing/-ed/-e endings cut
 * so that "deleting files", "deleted file" and "delete_file" meet on `delet` + `file`.
 */

const stopwords = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'can',
  'do',
  'for',
  'from',
  'how',
  'i',
  'in',
  'into',
  'is',
  'it',
  'its',
  'me',
  'my',
  'of',
  'on',
  'or',
  'our',
  'please',
  'some',
  'that',
  'the',
  'their',
  'this',
  'to',
  'want',
  'we',
  'what',
  'which',
  'with',
  'you',
  'your',
]);

/** Splits text and identifiers into words: `getPRComments` -> get, PR, Comments. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** A light suffix stemmer: enough for tool vocabularies, never shorter than 3 letters. */
export function stem(word: string): string {
  let term = word;
  if (term.length > 4 && term.endsWith('ies')) term = `${term.slice(0, -3)}y`;
  else if (term.length > 4 && /(?:ss|sh|ch|x)es$/.test(term)) term = term.slice(0, -2);
  else if (term.length > 3 && term.endsWith('s') && !/(?:ss|us|is)$/.test(term)) {
    term = term.slice(0, -1);
  }
  if (term.length > 5 && term.endsWith('ing')) term = term.slice(0, -3);
  else if (term.length > 4 && term.endsWith('ed')) term = term.slice(0, -2);
  if (term.length > 4 && term.endsWith('e')) term = term.slice(0, -1);
  return term;
}

/** One word as the index stores it, or null for a stopword. */
export function normalizeTerm(word: string): string | null {
  const lower = word.toLowerCase();
  if (stopwords.has(lower)) return null;
  return stem(lower);
}

/** Every term of a text, in order (stopwords dropped). */
export function termsOf(text: string): string[] {
  return splitWords(text).flatMap((word) => normalizeTerm(word) ?? []);
}
