/** A host an argument would make a client connect to. */
export interface NetworkTarget {
  /** Lower-cased, percent-decoded, without brackets' surroundings or trailing dots. */
  readonly host: string;
  /** Lower-cased scheme when the target came from a URL. */
  readonly scheme?: string;
}

const urlPattern = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]*/gi;
const plainUrl = /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]+(?::\d+)?(?:[/?#][^\\@%]*)?$/i;

/**
 * The targets in one string: every `scheme://...` URL in it and, when `hostLike` (the argument's
 * name says host/url/endpoint...), the whole string as a bare `host[:port][/path]`. Each URL is
 * read the way several parsers would (WHATWG, and a plain authority split with and without
 * backslashes), so a parser differential cannot smuggle a host past the check.
 */
export function targetsIn(text: string, hostLike: boolean): NetworkTarget[] {
  const targets: NetworkTarget[] = [];
  const seen = new Set<string>();
  const add = (host: string | undefined, scheme: string | undefined) => {
    if (host === undefined) return;
    const normalized = normalizeHost(host);
    const key = `${scheme ?? ''}|${normalized}`;
    if (seen.has(key)) return;
    seen.add(key);
    targets.push(scheme === undefined ? { host: normalized } : { host: normalized, scheme });
  };
  if (text.includes('://')) {
    for (const match of text.matchAll(urlPattern)) {
      const url = match[0];
      const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
      const rest = url.slice(url.indexOf('://') + 3);
      if (plainUrl.test(url)) {
        // No userinfo, escapes or backslashes: every parser reads the same host (and parseIp
        // reads numeric hosts as leniently as WHATWG does), so one plain split is enough.
        add(authorityHost(rest, /[/?#]/), scheme);
        continue;
      }
      add(whatwgHost(url), scheme);
      add(authorityHost(rest, /[/?#]/), scheme);
      add(authorityHost(rest, /[/?#\\]/), scheme);
    }
  } else if (hostLike) {
    const trimmed = text.trim();
    if (trimmed !== '' && !/\s/.test(trimmed)) {
      add(
        authorityHost(trimmed.startsWith('//') ? trimmed.slice(2) : trimmed, /[/?#\\]/),
        undefined,
      );
    }
  }
  return targets.filter((target) => target.host !== '');
}

function whatwgHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
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

function normalizeHost(host: string): string {
  let decoded = host;
  try {
    decoded = decodeURIComponent(host);
  } catch {
    // Keep the raw text: an undecodable host is checked as written.
  }
  let lower = decoded.toLowerCase();
  if (lower.startsWith('[') && lower.endsWith(']')) lower = lower.slice(1, -1);
  while (lower.endsWith('.')) lower = lower.slice(0, -1);
  return lower;
}
