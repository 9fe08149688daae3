/** A node of the component text `wasm-tools print` writes: a list, an atom, a string or an index. */
export type Sexpr =
  | { readonly list: Sexpr[] }
  | { readonly atom: string }
  | { readonly string: string }
  /** The `(;N;)` comment the printer puts after an item: its index in its index space. */
  | { readonly index: number };

/**
 * Reads the text format of a component as printed by wasm-tools: lists, atoms, strings and the
 * printer's `(;N;)` index comments (kept: they name each item's index). Other comments and
 * annotations (`(@name …)`, `(@producers …)`) are dropped.
 */
export function readSexprs(text: string): Sexpr[] {
  const stack: Sexpr[][] = [[]];
  let at = 0;
  const top = () => stack[stack.length - 1] as Sexpr[];
  while (at < text.length) {
    const char = text[at] as string;
    if (char === '(' && text[at + 1] === ';') {
      const end = text.indexOf(';)', at + 2);
      const body = text.slice(at + 2, end);
      if (/^\d+$/.test(body)) top().push({ index: Number(body) });
      at = end + 2;
    } else if (char === ';' && text[at + 1] === ';') {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end;
    } else if (char === '(') {
      stack.push([]);
      at++;
    } else if (char === ')') {
      const items = stack.pop() as Sexpr[];
      const head = items[0];
      if (!(head && 'atom' in head && head.atom.startsWith('@'))) top().push({ list: items });
      at++;
    } else if (char === '"') {
      const [value, next] = readString(text, at + 1);
      top().push({ string: value });
      at = next;
    } else if (/\s/.test(char)) {
      at++;
    } else {
      let end = at;
      while (end < text.length && !/[\s()"]/.test(text[end] as string)) end++;
      // `$"…"` is an identifier written as a string.
      if (text[end] === '"' && end === at + 1) {
        const [value, next] = readString(text, end + 1);
        top().push({ atom: `$${value}` });
        at = next;
      } else {
        top().push({ atom: text.slice(at, end) });
        at = end;
      }
    }
  }
  return stack[0] as Sexpr[];
}

function readString(text: string, start: number): [string, number] {
  const bytes: number[] = [];
  let at = start;
  while (text[at] !== '"') {
    if (at >= text.length) throw new Error('unterminated string in the component text');
    if (text[at] === '\\') {
      const next = text[at + 1] as string;
      const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "'": 39, '\\': 92 };
      if (next in simple) {
        bytes.push(simple[next] as number);
        at += 2;
      } else if (next === 'u') {
        const end = text.indexOf('}', at);
        bytes.push(...Buffer.from(String.fromCodePoint(parseInt(text.slice(at + 3, end), 16))));
        at = end + 1;
      } else {
        bytes.push(parseInt(text.slice(at + 1, at + 3), 16));
        at += 3;
      }
    } else {
      const code = text.codePointAt(at) as number;
      const char = String.fromCodePoint(code);
      bytes.push(...Buffer.from(char));
      at += char.length;
    }
  }
  return [Buffer.from(bytes).toString('utf8'), at + 1];
}
