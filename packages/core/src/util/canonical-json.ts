/**
 * JSON with object keys sorted at every depth, so equal values serialize identically whatever
 * order their keys were written in. Used for schema hashes and cache keys.
 * Like JSON.stringify it honours toJSON and throws a TypeError on cycles and BigInts.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, '', new Set())) ?? 'null';
}

function sortKeys(value: unknown, key: string, ancestors: Set<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Dates and the like: sort what they turn into, which may itself be an object.
    return sortKeys((value as { toJSON: (key: string) => unknown }).toJSON(key), key, ancestors);
  }
  if (ancestors.has(value)) throw new TypeError('canonicalJson: cannot serialize a cycle');
  ancestors.add(value);
  let sorted: unknown;
  if (Array.isArray(value)) {
    sorted = value.map((item, index) => sortKeys(item, String(index), ancestors));
  } else {
    const record: Record<string, unknown> = {};
    for (const name of Object.keys(value).sort()) {
      record[name] = sortKeys((value as Record<string, unknown>)[name], name, ancestors);
    }
    sorted = record;
  }
  ancestors.delete(value);
  return sorted;
}
