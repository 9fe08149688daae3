/**
 * `indexOf` for a needle looked up from positions that never decrease, remembering the last
 * answer: a text with many openings and no closing tag is then scanned once, not once per
 * opening (which would be quadratic). Every search a dialect makes from inside one call's
 * region goes through one of these, so no call's search runs to the end of the text again.
 * A position before the previous one is answered correctly too, by a fresh search.
 */
export function forwardSearch(text: string, needle: string): (from: number) => number {
  let searchedFrom = 0;
  let found = -2;
  return (from) => {
    if (from >= searchedFrom && (found === -1 || found >= from)) return found;
    searchedFrom = from;
    found = text.indexOf(needle, from);
    return found;
  };
}
