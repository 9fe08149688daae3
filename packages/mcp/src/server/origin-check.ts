import type { IncomingMessage } from 'node:http';
import { ConfigurationError } from '@tp/core';

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * A host as the URL parser sees it, lower-cased, port dropped, IPv4/IPv6 in canonical form and one
 * trailing dot removed (`LOCALHOST.:3333` → `localhost`); undefined when it is not a valid host.
 */
export function normalizeHost(host: string | undefined): string | undefined {
  if (!host || /[/?#@\\\s]/.test(host)) return undefined;
  try {
    return stripTrailingDot(new URL(`http://${host}`).hostname);
  } catch {
    return undefined;
  }
}

function stripTrailingDot(hostname: string): string {
  return hostname.endsWith('.') && !hostname.endsWith('..') ? hostname.slice(0, -1) : hostname;
}

/** `scheme://host:port` with the port always spelled out; undefined for `null` or a non-origin. */
function canonicalOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.origin === 'null' || url.username || url.password) return undefined;
  if (url.pathname !== '/' && url.pathname !== '') return undefined;
  if (url.search || url.hash || value.endsWith('?') || value.endsWith('#')) return undefined;
  const host = stripTrailingDot(url.hostname);
  if (host.endsWith('.')) return undefined;
  const port = url.port || DEFAULT_PORTS[url.protocol];
  return `${url.protocol}//${host}${port ? `:${port}` : ''}`;
}

export type OriginCheck = (request: IncomingMessage) => boolean;

/**
 * Decides whether a request's `Origin` may reach the MCP endpoint (browser DNS rebinding and
 * CSRF). A request without `Origin` (a non-browser client) passes. With `allowedOrigins` only
 * those origins pass; without, the loopback origins (`localhost`, `127.0.0.1`, `[::1]`, http or
 * https) of the port the request arrived on.
 */
export function createOriginCheck(allowedOrigins?: readonly string[]): OriginCheck {
  if (allowedOrigins === undefined) {
    return (request) => {
      const header = request.headers.origin;
      if (header === undefined) return true;
      const origin = canonicalOrigin(header);
      if (!origin) return false;
      const url = new URL(origin);
      return (
        url.protocol in DEFAULT_PORTS &&
        LOOPBACK_HOSTNAMES.has(url.hostname) &&
        (url.port || DEFAULT_PORTS[url.protocol]) === String(request.socket.localPort)
      );
    };
  }
  if (!Array.isArray(allowedOrigins)) {
    throw new ConfigurationError('allowedOrigins', 'must be an array of origins');
  }
  const allowed = new Set(
    allowedOrigins.map((entry, index) => {
      const origin = typeof entry === 'string' ? canonicalOrigin(entry) : undefined;
      if (!origin) {
        throw new ConfigurationError(
          `allowedOrigins[${index}]`,
          `${JSON.stringify(entry)} is not an origin (scheme://host[:port], no path)`,
        );
      }
      return origin;
    }),
  );
  return (request) => {
    const header = request.headers.origin;
    if (header === undefined) return true;
    const origin = canonicalOrigin(header);
    return origin !== undefined && allowed.has(origin);
  };
}
