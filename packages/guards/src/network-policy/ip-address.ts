/**
 * IP literal parsing as lenient as the C library's inet_aton and the WHATWG URL parser, because
 * an SSRF filter must see an address the way the HTTP client will: `2130706433`, `0177.1`,
 * `0x7f.0.0.1` and `127.1` all mean 127.0.0.1.
 */

export type IpAddress =
  | { readonly family: 4; readonly value: number }
  | { readonly family: 6; readonly groups: readonly number[] };

/** An IPv4 address in any inet_aton form: 1-4 parts, each decimal, octal (0...) or hex (0x...). */
export function parseIPv4(text: string): number | undefined {
  const host = text.endsWith('.') ? text.slice(0, -1) : text;
  if (host === '' || host.length > 64) return undefined;
  const parts = host.split('.');
  if (parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const number = parsePart(part);
    if (number === undefined) return undefined;
    numbers.push(number);
  }
  // Every part but the last is one byte; the last fills the remaining bytes.
  const last = numbers.pop()!;
  if (numbers.some((number) => number > 255)) return undefined;
  if (last >= 256 ** (4 - numbers.length)) return undefined;
  let value = last;
  numbers.forEach((number, index) => {
    value += number * 256 ** (3 - index);
  });
  return value;
}

function parsePart(part: string): number | undefined {
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
    if (digits === '') return 0;
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  const valid = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  const value = Number.parseInt(digits, radix);
  return value <= 0xffffffff ? value : undefined;
}

/** An IPv6 address (brackets, zone id and an embedded dotted IPv4 tail allowed) as 8 groups. */
export function parseIPv6(text: string): number[] | undefined {
  let host = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = host.indexOf('%');
  if (zone !== -1) host = host.slice(0, zone);
  if (!host.includes(':') || host.length > 64) return undefined;
  const halves = host.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function groupsOf(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  const parts = text.split(':');
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    if (index === parts.length - 1 && part.includes('.')) {
      const v4 = strictDottedQuad(part);
      if (v4 === undefined) return undefined;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function strictDottedQuad(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) {
    return undefined;
  }
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

const notIpLiteral = /^[^%]*[g-wyz]/i;

/** An IP literal of either family, or undefined for a host name. */
export function parseIp(host: string): IpAddress | undefined {
  // Host names (any letter beyond hex digits and x, before a zone id) are never IP literals.
  if (notIpLiteral.test(host)) return undefined;
  const v6 = parseIPv6(host);
  if (v6) return { family: 6, groups: v6 };
  const v4 = parseIPv4(host);
  return v4 === undefined ? undefined : { family: 4, value: v4 };
}
