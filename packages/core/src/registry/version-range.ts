// Semantic versions and npm-style ranges, just enough for `get(name, { version })`: a dependency
// on the `semver` package would be the only reason core could not run everywhere small.

interface Version {
  readonly triple: readonly [number, number, number];
  /** Dot-separated prerelease identifiers; empty for a release. */
  readonly prerelease: readonly string[];
}

interface Comparator {
  readonly operator: '<' | '<=' | '>' | '>=' | '=';
  readonly bound: Version;
}

const versionPattern = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const partialPattern =
  /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

function parse(version: string): Version | undefined {
  const match = versionPattern.exec(version);
  if (!match) return undefined;
  return {
    triple: [Number(match[1]), Number(match[2]), Number(match[3])],
    prerelease: match[4] === undefined ? [] : match[4].split('.'),
  };
}

/**
 * Orders semantic versions (SemVer 2.0.0 §11): a prerelease sorts before its release, and
 * prerelease identifiers compare numerically when numeric (`beta.2` < `beta.10`). Strings that
 * are not versions sort after every version, by code unit.
 */
export function compareVersions(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) {
    if (left) return -1;
    if (right) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return compareParsed(left, right);
}

function compareParsed(left: Version, right: Version): number {
  for (let i = 0; i < 3; i++) {
    const difference = left.triple[i]! - right.triple[i]!;
    if (difference !== 0) return Math.sign(difference);
  }
  const a = left.prerelease;
  const b = right.prerelease;
  if (a.length === 0 || b.length === 0) return Math.sign(b.length - a.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifiers(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

function compareIdentifiers(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return Math.sign(Number(a) - Number(b));
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `version` is a prerelease (`2.0.0-beta.1`). */
export function isPrerelease(version: string): boolean {
  return (parse(version)?.prerelease.length ?? 0) > 0;
}

/**
 * Whether `version` satisfies `range`, with npm's meaning: exact (`1.2.3`, `=1.2.3`,
 * `1.2.3-beta.1`), wildcards (`*`, `1`, `1.x`, `1.2.x`), caret (`^1.2.3`), tilde (`~1.2.3`),
 * comparators (`>=1.2.0 <2`), all of a space-separated set having to hold, and `||` between sets.
 * A prerelease only satisfies a set that names a prerelease of the same major.minor.patch, so
 * `^1.2.0` does not pick up `1.3.0-beta`. Unsupported syntax matches nothing.
 */
export function satisfiesRange(version: string, range: string): boolean {
  const parsed = parse(version);
  if (!parsed) return version === range.trim();
  return range.split('||').some((set) => satisfiesSet(parsed, set.trim()));
}

function satisfiesSet(version: Version, set: string): boolean {
  const comparators: Comparator[] = [];
  // "> = 1.2" is written "> =1.2" or ">= 1.2" by some; join an operator with what follows it.
  const parts = set === '' ? [] : set.replace(/([<>]=?|=)\s+/g, '$1').split(/\s+/);
  for (const part of parts) {
    const parsed = toComparators(part);
    if (!parsed) return false;
    comparators.push(...parsed);
  }
  if (!comparators.every((comparator) => test(version, comparator))) return false;
  if (version.prerelease.length === 0) return true;
  return comparators.some(
    ({ bound }) =>
      bound.prerelease.length > 0 &&
      bound.triple.every((part, index) => part === version.triple[index]),
  );
}

function test(version: Version, { operator, bound }: Comparator): boolean {
  const order = compareParsed(version, bound);
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      return order === 0;
  }
}

/** `-0` is the lowest prerelease: `<2.0.0-0` excludes 2.0.0's prereleases too. */
function below(major: number, minor: number, patch: number): Comparator {
  return { operator: '<', bound: { triple: [major, minor, patch], prerelease: ['0'] } };
}

function atLeast(triple: readonly [number, number, number], prerelease: readonly string[] = []) {
  return { operator: '>=', bound: { triple, prerelease } } as const;
}

function toComparators(part: string): Comparator[] | undefined {
  const operator = /^(<=|>=|<|>|=|\^|~)?(.*)$/.exec(part)!;
  const kind = operator[1];
  const match = partialPattern.exec(operator[2]!);
  if (!match) return undefined;
  // Components after the first wildcard (or missing ones) are wildcards too.
  const given: number[] = [];
  for (const component of [match[1], match[2], match[3]]) {
    if (component === undefined || !/^\d+$/.test(component)) break;
    given.push(Number(component));
  }
  const prerelease = given.length === 3 && match[4] !== undefined ? match[4].split('.') : [];
  const [major = 0, minor = 0, patch = 0] = given;
  const lower = atLeast([major, minor, patch], prerelease);
  const exact = { operator: '=', bound: lower.bound } as const;
  // The first version above the partial: 1 -> 2.0.0, 1.2 -> 1.3.0.
  const next = () => (given.length === 1 ? below(major + 1, 0, 0) : below(major, minor + 1, 0));

  switch (kind) {
    case '^': {
      if (given.length === 0) return [];
      if (major > 0 || given.length === 1) return [lower, below(major + 1, 0, 0)];
      if (minor > 0 || given.length === 2) return [lower, below(0, minor + 1, 0)];
      return [lower, below(0, 0, patch + 1)];
    }
    case '~':
      if (given.length === 0) return [];
      return [lower, given.length === 1 ? below(major + 1, 0, 0) : below(major, minor + 1, 0)];
    case '>=':
      return given.length === 0 ? [] : [lower];
    case '>':
      if (given.length === 0) return [below(0, 0, 0)]; // nothing is above "*"
      return given.length === 3 ? [{ operator: '>', bound: lower.bound }] : [flip(next())];
    case '<':
      return given.length === 0 ? [below(0, 0, 0)] : [{ operator: '<', bound: lower.bound }];
    case '<=':
      if (given.length === 0) return [];
      return given.length === 3 ? [{ operator: '<=', bound: lower.bound }] : [next()];
    default:
      if (given.length === 0) return [];
      return given.length === 3 ? [exact] : [lower, next()];
  }
}

/** `<X-0` turned into `>=X`: "greater than 1.2" means from 1.3.0 on. */
function flip(comparator: Comparator): Comparator {
  return atLeast(comparator.bound.triple);
}
