import type { ToolDefinition } from '../contracts/tool-definition.js';

/**
 * Looks a tool up in a `{ [nameOrGlob]: value }` table: the qualified name (`ns.name`) first, then
 * the bare name, then the globs (tried on both names) (`*` any run of characters, `?` one) in the table's order.
 */
export function createToolMatcher<Value>(
  table: Readonly<Record<string, Value>> | undefined,
): (tool: ToolDefinition) => { readonly pattern: string; readonly value: Value } | undefined {
  const entries = Object.entries(table ?? {});
  const globs = entries
    .filter(([pattern]) => isGlob(pattern))
    .map(([pattern, value]) => ({ pattern, value, regex: globToRegExp(pattern) }));
  return (tool) => {
    const qualified = `${tool.namespace}.${tool.name}`;
    for (const name of [qualified, tool.name]) {
      if (table && Object.hasOwn(table, name)) return { pattern: name, value: table[name]! };
    }
    return globs.find((glob) => glob.regex.test(qualified) || glob.regex.test(tool.name));
  };
}

export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}
