/** `name="value"` or `name='value'` pairs, as they appear inside an XML start tag. */
export const ATTRIBUTE_PAIR = String.raw`\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*')`;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(quot|apos|lt|gt|amp|#\d+|#x[\da-fA-F]+);/g;
const NAMED: Readonly<Record<string, string>> = {
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  amp: '&',
};

export function readAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(source); match !== null; match = ATTRIBUTE.exec(source)) {
    attributes.set(match[1] as string, decodeEntities(match[2] ?? match[3] ?? ''));
  }
  return attributes;
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, entity: string) => {
    const named = NAMED[entity];
    if (named !== undefined) return named;
    const code =
      entity[1] === 'x'
        ? Number.parseInt(entity.slice(2), 16)
        : Number.parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
