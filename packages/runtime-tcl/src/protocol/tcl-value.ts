/**
 * JSON values as Tcl values: strings stay strings, numbers and booleans their canonical text,
 * arrays become lists and objects dicts (recursively), null the empty string. Every list element
 * is backslash-quoted, which Tcl's list parser reads back verbatim whatever the text holds.
 */
export function toTclValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map((item) => quoteElement(toTclValue(item))).join(' ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${quoteElement(key)} ${quoteElement(toTclValue(item))}`)
      .join(' ');
  }
  return String(value);
}

const special = /[\\{}[\]$";\s#\0]/g;
const escapes: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\f': '\\f',
  '\0': '\\u0000',
};

/** One list element: `{}` for the empty string, otherwise special characters backslash-escaped. */
export function quoteElement(text: string): string {
  if (text === '') return '{}';
  return text.replace(special, (char) => escapes[char] ?? `\\${char}`);
}

/**
 * A `--json` tool's dict, received as key/value fields, as a JSON object: integers and decimals
 * become numbers, `true`/`false` booleans, anything else stays a string (Tcl values carry no type,
 * so nested lists and dicts arrive as their string form; see docs/runtime-tcl.md).
 */
export function dictFieldsToJson(fields: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (let index = 0; index + 1 < fields.length; index += 2) {
    result[fields[index]!] = scalarFromTcl(fields[index + 1]!);
  }
  return result;
}

const numeric = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function scalarFromTcl(text: string): unknown {
  if (numeric.test(text)) {
    const number = Number(text);
    if (Number.isFinite(number) && (Number.isSafeInteger(number) || text.includes('.'))) {
      return number;
    }
  }
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}
