/** Renders a property path as a JSON path: `$.items[2].name`, `$["odd key"]`. */
export function toJsonPath(
  segments: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>,
): string {
  let path = '$';
  for (const segment of segments) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    if (typeof key === 'number') path += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) path += `.${key}`;
    else path += `[${JSON.stringify(String(key))}]`;
  }
  return path;
}

/** Converts ajv's JSON Pointer (`/items/2/name`) into a JSON path. */
export function jsonPointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  const segments = pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return toJsonPath(segments);
}
