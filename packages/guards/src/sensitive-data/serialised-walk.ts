/**
 * Walks what a value will look like once serialised, not just its plain-object shape: what
 * `toJSON` returns, boxed strings, object keys, the entries of Maps and the items of Sets (which
 * `JSON.stringify` drops but loggers and inspectors print), and the message and stack of Errors.
 */

/** Deepest nesting followed; a value nested deeper cannot be judged (the guard refuses it). */
export const MAX_SERIALISED_DEPTH = 256;

export class TooDeepError extends Error {
  constructor() {
    super(`nested deeper than ${MAX_SERIALISED_DEPTH} levels`);
  }
}

export type VisitString = (
  text: string,
  path: string,
  /** Name of the property holding the string (the nearest one for array and Set items). */
  key: string | undefined,
  /** The string is itself a property name or Map key. */
  isKey: boolean,
) => boolean;

/** Calls `visit` with every string; true from `visit` stops the walk. Throws TooDeepError. */
export function someSerialisedString(value: unknown, visit: VisitString): boolean {
  const seen = new Set<object>();
  const walk = (
    node: unknown,
    path: string,
    key: string | undefined,
    depth: number,
    jsonKey: string,
  ): boolean => {
    if (typeof node === 'string') return visit(node, path, key, false);
    if (typeof node !== 'object' || node === null) return false;
    if (seen.has(node)) return false;
    if (depth >= MAX_SERIALISED_DEPTH) throw new TooDeepError();
    seen.add(node);
    const serialised = viaToJson(node, jsonKey);
    if (serialised !== node) return walk(serialised, path, key, depth + 1, jsonKey);
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        if (walk(node[index], `${path}[${index}]`, key, depth + 1, String(index))) return true;
      }
      return false;
    }
    if (node instanceof Map) {
      for (const [name, child] of node) {
        const label = typeof name === 'string' ? name : undefined;
        if (label !== undefined && visit(label, `${path}<key>`, key, true)) return true;
        if (typeof name === 'object' && walk(name, `${path}<key>`, key, depth + 1, '')) return true;
        if (walk(child, `${path}.${String(label)}`, label, depth + 1, label ?? '')) return true;
      }
      return false;
    }
    if (node instanceof Set) {
      let index = 0;
      for (const item of node) {
        if (walk(item, `${path}[${index}]`, key, depth + 1, String(index++))) return true;
      }
      return false;
    }
    for (const [name, child] of ownEntries(node)) {
      if (visit(name, `${path}<key>`, key, true)) return true;
      if (walk(child, `${path}.${name}`, name, depth + 1, name)) return true;
    }
    return false;
  };
  return walk(value, '$', undefined, 0, '');
}

/**
 * A copy of `value` with every string (and key) replaced by `replace`, keeping what did not
 * change (the whole value when nothing did). Maps and Sets stay Maps and Sets, objects keep their
 * prototype; an object with `toJSON` becomes its (replaced) serialised form, a boxed string a
 * string; a reference back to an enclosing object becomes '[Circular]' (JSON cannot carry it).
 */
export function replaceSerialisedStrings(
  value: unknown,
  replace: (text: string, key: string | undefined, isKey: boolean) => string,
): unknown {
  const open = new Set<object>();
  const done = new Map<object, unknown>();
  const walk = (
    node: unknown,
    key: string | undefined,
    depth: number,
    jsonKey: string,
  ): unknown => {
    if (typeof node === 'string') return replace(node, key, false);
    if (typeof node !== 'object' || node === null) return node;
    if (done.has(node)) return done.get(node);
    if (open.has(node)) return '[Circular]';
    if (depth >= MAX_SERIALISED_DEPTH) throw new TooDeepError();
    open.add(node);
    const result = replaceObject(node, key, depth, jsonKey);
    open.delete(node);
    done.set(node, result);
    return result;
  };
  const replaceObject = (
    node: object,
    key: string | undefined,
    depth: number,
    jsonKey: string,
  ): unknown => {
    const serialised = viaToJson(node, jsonKey);
    if (serialised !== node) {
      const replaced = walk(serialised, key, depth + 1, jsonKey);
      return replaced === serialised ? node : replaced;
    }
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < node.length; index++) {
        const mapped = walk(node[index], key, depth + 1, String(index));
        if (mapped !== node[index]) (copy ??= node.slice())[index] = mapped;
      }
      return copy ?? node;
    }
    if (node instanceof Map) {
      let changed = false;
      const entries: Array<[unknown, unknown]> = [];
      for (const [name, child] of node) {
        const label = typeof name === 'string' ? name : undefined;
        const newName =
          label !== undefined ? replace(label, key, true) : walk(name, key, depth + 1, '');
        const newChild = walk(child, label, depth + 1, label ?? '');
        changed ||= newName !== name || newChild !== child;
        entries.push([newName, newChild]);
      }
      return changed ? new Map(uniqueKeys(entries)) : node;
    }
    if (node instanceof Set) {
      let changed = false;
      const items: unknown[] = [];
      let index = 0;
      for (const item of node) {
        const mapped = walk(item, key, depth + 1, String(index++));
        changed ||= mapped !== item;
        items.push(mapped);
      }
      return changed ? new Set(items) : node;
    }
    let changed = false;
    const entries: Array<[string, unknown]> = [];
    for (const [name, child] of ownEntries(node)) {
      const newName = replace(name, key, true);
      const newChild = walk(child, name, depth + 1, name);
      changed ||= newName !== name || newChild !== child;
      entries.push([newName, newChild]);
    }
    if (!changed) return node;
    const copy = Object.create(Object.getPrototypeOf(node)) as Record<string, unknown>;
    for (const [name, child] of uniqueKeys(entries)) {
      Object.defineProperty(copy, name as string, {
        value: child,
        enumerable: !(node instanceof Error && (name === 'message' || name === 'stack')),
        writable: true,
        configurable: true,
      });
    }
    return copy;
  };
  return walk(value, undefined, 0, '');
}

/** What JSON.stringify serialises instead of `node`: its toJSON answer, a boxed primitive's value. */
function viaToJson(node: object, jsonKey: string): unknown {
  if (node instanceof String) return node.valueOf();
  const toJSON = (node as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(node, jsonKey) : node;
}

/** Own enumerable string-keyed properties, plus an Error's message and stack. */
function ownEntries(node: object): Array<[string, unknown]> {
  const entries = Object.entries(node);
  if (node instanceof Error) {
    for (const name of ['message', 'stack'] as const) {
      if (Object.hasOwn(node, name) && !Object.prototype.propertyIsEnumerable.call(node, name)) {
        entries.push([name, node[name]]);
      }
    }
  }
  return entries;
}

/** Keys that became equal after replacement (two redacted keys) get `#2`, `#3`... */
function uniqueKeys<Key>(entries: Array<[Key, unknown]>): Array<[Key, unknown]> {
  const used = new Set<unknown>();
  return entries.map(([name, child]) => {
    let unique: unknown = name;
    for (let count = 2; used.has(unique); count++) unique = `${String(name)}#${count}`;
    used.add(unique);
    return [unique as Key, child];
  });
}
