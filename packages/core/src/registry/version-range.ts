type Triple = readonly [number, number, number];

function parse(version: string): { triple: Triple; prerelease: string } | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(version);
  if (!match) return undefined;
  return {
    triple: [Number(match[1]), Number(match[2]), Number(match[3])],
    prerelease: match[4] ?? '',
  };
}

/** Orders semantic versions; a prerelease sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return a.localeCompare(b);
  for (let i = 0; i < 3; i++) {
    const difference = left.triple[i]! - right.triple[i]!;
    if (difference !== 0) return difference;
  }
  if (left.prerelease === right.prerelease) return 0;
  if (left.prerelease === '') return 1;
  if (right.prerelease === '') return -1;
  return left.prerelease.localeCompare(right.prerelease);
}

/**
 * Whether `version` satisfies `range`. Supported ranges: exact (`1.2.3`), wildcards (`*`, `1`,
 * `1.x`, `1.2.x`, `1.*`), caret (`^1.2.3`), tilde (`~1.2.3`) and comparators (`>=1.2.0`, `<2.0.0`),
 * space-separated comparators all having to hold.
 */
export function satisfiesRange(version: string, range: string): boolean {
  const trimmed = range.trim();
  if (trimmed === '' || trimmed === '*' || trimmed === 'x' || trimmed === 'latest') return true;
  if (trimmed.includes(' '))
    return trimmed.split(/\s+/).every((part) => satisfiesRange(version, part));
  const parsed = parse(version);
  if (!parsed) return version === trimmed;
  const [major, minor, patch] = parsed.triple;

  const comparator = /^(>=|<=|>|<|=)(.+)$/.exec(trimmed);
  if (comparator) {
    const bound = completeVersion(comparator[2]!);
    if (!bound) return false;
    const order = compareVersions(version, bound);
    switch (comparator[1]) {
      case '>=':
        return order >= 0;
      case '<=':
        return order <= 0;
      case '>':
        return order > 0;
      case '<':
        return order < 0;
      default:
        return order === 0;
    }
  }
  if (trimmed.startsWith('^') || trimmed.startsWith('~')) {
    const base = parse(completeVersion(trimmed.slice(1)) ?? '');
    if (!base || compareVersions(version, completeVersion(trimmed.slice(1))!) < 0) return false;
    const [baseMajor, baseMinor] = base.triple;
    if (trimmed.startsWith('~')) return major === baseMajor && minor === baseMinor;
    if (baseMajor > 0) return major === baseMajor;
    if (baseMinor > 0) return major === 0 && minor === baseMinor;
    return major === 0 && minor === 0 && patch === base.triple[2];
  }
  const parts = trimmed.split('.');
  const wanted = [major, minor, patch];
  for (let i = 0; i < parts.length && i < 3; i++) {
    const part = parts[i]!;
    if (part === 'x' || part === 'X' || part === '*') return true;
    if (!/^\d+$/.test(part) || Number(part) !== wanted[i]) return false;
  }
  return parts.length < 3 || parsed.prerelease === '' || trimmed === version;
}

function completeVersion(partial: string): string | undefined {
  const parts = partial.replace(/\.[xX*]/g, '').split('.');
  if (parts.some((part) => !/^\d+$/.test(part.split('-')[0] ?? ''))) return undefined;
  while (parts.length < 3) parts.push('0');
  return parts.slice(0, 3).join('.');
}
