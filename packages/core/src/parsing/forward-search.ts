/**
 * `indexOf` for a needle looked up from positions that never decrease, remembering the last
 * answer: a text with many openings and no closing tag is then scanned once, not once per
 * opening (which would be quadratic).
 */
export function forwardSearch(text: string, needle: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = text.indexOf(needle, from);
    return found;
  };
}
