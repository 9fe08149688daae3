import { parseIPv6 } from './ip-address.js';

/** A host (or, for a URL without one, a scheme) an argument would make a client connect to. */
export interface NetworkTarget {
  /** As the WHATWG URL parser canonicalises it (IDNA, numeric IPv4 forms); no brackets, no trailing dot; '' for none. */
  readonly host: string;
  /** Lower-cased scheme when the target came from a URL. */
  readonly scheme?: string;
  /**
   * A bare token under an ordinary argument name that is shaped like an address: only its
   * address class counts (allow/deny lists and DNS apply to URLs and host-like arguments).
   */
  readonly incidental: boolean;
}

// Schemes WHATWG parses with an authority even when the text has no `//` (`http:127.0.0.1`).
const specialSchemes = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);
// Other schemes clients open connections for without `//` (`gopher:host`, `smb:host`...).
const networkSchemes = new Set(
  'gopher dict ldap ldaps smb tftp telnet ssh sftp redis jar netdoc rtsp mqtt'.split(' '),
);
// `scheme:rest` runs in text; WHATWG strips leading spaces/controls and removes tabs and newlines.
const schemeToken = /[a-z][a-z0-9+.-]*:[^\s"'<>`(){}|^]+/gi;
const trailingPunctuation = /[.,;:!?]+$/;
const removedByParser = /[\t\n\r]/g;
const dotVariants = /[\u3002\uff0e\uff61]/g;

/**
 * The targets in one string, read the way WHATWG URL / fetch will read them:
 * - every `scheme:...` token that a URL parser accepts as a network URL (special schemes with or
 *   without `//`, any scheme with an authority, known network schemes), also with the tabs and
 *   newlines the parser removes taken out; a URL with `//` is also split by hand with and
 *   without backslashes, so a parser differential cannot smuggle a host past the check;
 * - when the whole string is one token and no URL: a bare `host[:port][/path]`. Under a
 *   host-like argument name any such token counts; under another name only one shaped like an
 *   address (an IPv4 address with four parts, an IPv6 address, a name with a dot or a port), so
 *   numbers and words are not taken for hosts.
 */
export function targetsIn(text: string, hostLike: boolean): NetworkTarget[] {
  const targets: NetworkTarget[] = [];
  const seen = new Set<string>();
  const add = (host: string, scheme: string | undefined, incidental = false) => {
    const key = `${scheme ?? ''}|${host}`;
    if (seen.has(key)) return;
    seen.add(key);
    targets.push(scheme === undefined ? { host, incidental } : { host, scheme, incidental });
  };
  const joined = text.replace(removedByParser, '');
  for (const candidate of joined === text ? [text] : [text, joined]) {
    for (const match of candidate.matchAll(schemeToken)) {
      const token = match[0];
      const trimmed = token.replace(trailingPunctuation, '');
      for (const url of trimmed === token ? [token] : [token, trimmed]) urlTargets(url, add);
    }
  }
  if (targets.length > 0) return targets;
  const bare = joined.trim();
  if (bare === '' || /\s/.test(bare)) return targets;
  const unprefixed = bare.replace(/^[/\\]{2}/, '');
  const raw = parseIPv6(unprefixed) ? unprefixed : authorityHost(unprefixed, /[/?#\\]/);
  if (raw === '') return targets;
  if (hostLike) add(canonicalHost(raw), undefined);
  else if (looksLikeAddress(raw, unprefixed)) add(canonicalHost(raw), undefined, true);
  return targets;
}

function urlTargets(url: string, add: (host: string, scheme: string) => void): void {
  const colon = url.indexOf(':');
  const scheme = url.slice(0, colon).toLowerCase();
  const rest = url.slice(colon + 1);
  const authority = /^[/\\]{2}/.test(rest);
  if (!specialSchemes.has(scheme) && !networkSchemes.has(scheme) && !authority) return;
  const parsed = whatwgHost(url);
  if (parsed !== undefined) add(parsed, scheme);
  if (authority) {
    const after = rest.slice(2);
    add(canonicalHost(authorityHost(after, /[/?#]/)), scheme);
    add(canonicalHost(authorityHost(after, /[/?#\\]/)), scheme);
  } else if (parsed === undefined || (!specialSchemes.has(scheme) && parsed === '')) {
    // `gopher:127.0.0.1:70/x`: WHATWG sees no host, a client may see one.
    add(canonicalHost(authorityHost(rest.replace(/^[/\\]+/, ''), /[/?#\\]/)), scheme);
  }
}

function whatwgHost(url: string): string | undefined {
  try {
    return stripHost(new URL(url).hostname);
  } catch {
    return undefined;
  }
}

/** The host as WHATWG canonicalises it for http (IDNA/UTS-46, numeric IPv4, percent-decoding). */
function canonicalHost(raw: string): string {
  if (raw === '') return '';
  return whatwgHost(`http://${raw}/`) ?? stripHost(raw.toLowerCase());
}

function stripHost(host: string): string {
  let stripped = host;
  if (stripped.startsWith('[') && stripped.endsWith(']')) stripped = stripped.slice(1, -1);
  while (stripped.endsWith('.')) stripped = stripped.slice(0, -1);
  return stripped;
}

/** Under an ordinary argument name: a four-part IPv4 address, an IPv6 one, a dotted or ported name. */
function looksLikeAddress(raw: string, token: string): boolean {
  const host = raw.normalize('NFKC').replace(dotVariants, '.');
  if (host.startsWith('[') || parseIPv6(host) !== undefined) return true;
  if (/^[^.]+(?:\.[^.]+){3}\.?$/.test(host)) return true;
  return /[a-z]/i.test(host) && (host.includes('.') || /^[^/]*:\d+(?:[/?#]|$)/.test(token));
}

/** The host of `authority[/path...]`: userinfo (up to the last '@') and port removed. */
function authorityHost(rest: string, end: RegExp): string {
  const stop = rest.search(end);
  let authority = stop === -1 ? rest : rest.slice(0, stop);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    return close === -1 ? authority : authority.slice(0, close + 1);
  }
  const colon = authority.lastIndexOf(':');
  if (colon !== -1 && /^\d*$/.test(authority.slice(colon + 1)))
    authority = authority.slice(0, colon);
  return authority;
}
