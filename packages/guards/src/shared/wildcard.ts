/**
 * Matches names against patterns where `*` stands for any run of characters (`*.example.com`,
 * `fs.*`, `*`). Case-insensitive; compiled once.
 */
export function wildcardMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const exact = new Set<string>();
  const expressions: RegExp[] = [];
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (!lower.includes('*')) exact.add(lower);
    else {
      const source = lower.split('*').map(escapeRegExp).join('.*');
      expressions.push(new RegExp(`^${source}$`));
    }
  }
  return (name) => {
    const lower = name.toLowerCase();
    return exact.has(lower) || expressions.some((expression) => expression.test(lower));
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
