/** Deepest nesting the value walkers follow; deeper values are left alone (output-size limits depth). */
export const MAX_WALK_DEPTH = 64;

/**
 * Calls `visit` with every string inside `value` (object keys excluded) and its JSONPath-like
 * location. `visit` returning true stops the walk.
 */
export function someString(
  value: unknown,
  visit: (text: string, path: string, key: string | undefined) => boolean,
  path = '$',
  key: string | undefined = undefined,
  depth = 0,
): boolean {
  if (typeof value === 'string') return visit(value, path, key);
  if (typeof value !== 'object' || value === null || depth >= MAX_WALK_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (someString(value[index], visit, `${path}[${index}]`, key, depth + 1)) return true;
    }
    return false;
  }
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    const child = (value as Record<string, unknown>)[name];
    if (someString(child, visit, `${path}.${name}`, name, depth + 1)) return true;
  }
  return false;
}

export interface StringLeaf {
  readonly text: string;
  /** JSONPath-like location, `$.a[0].b`. */
  readonly path: string;
  /** Name of the property holding it (the nearest one, for array items). */
  readonly key: string | undefined;
}

// Several guards read the strings of the same arguments object, one after the other, within one
// call: the last listing is kept. (A one-entry cache compared by identity: a WeakMap would cost
// more to fill for each short-lived arguments object than listing the strings again.) Arguments
// are not mutated in place along the chain; a repair replaces the object.
let lastValue: object | undefined;
let lastLeaves: readonly StringLeaf[] = [];

/**
 * Every string inside `value` with its location. `remember: false` for values that may be
 * mutated and seen again (tool results).
 */
export function stringLeaves(value: unknown, remember = true): readonly StringLeaf[] {
  if (typeof value === 'string') return [{ text: value, path: '$', key: undefined }];
  if (typeof value !== 'object' || value === null) return [];
  if (remember && value === lastValue) return lastLeaves;
  const leaves: StringLeaf[] = [];
  someString(value, (text, path, key) => {
    leaves.push({ text, path, key });
    return false;
  });
  if (remember) {
    lastValue = value;
    lastLeaves = leaves;
  }
  return leaves;
}
