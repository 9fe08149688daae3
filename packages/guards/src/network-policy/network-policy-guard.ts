import { ConfigurationError, type GuardV1 } from '@tp/core';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  positiveInteger,
} from '../shared/guard-options.js';
import { stringLeaves } from '../shared/walk-strings.js';
import { wildcardMatcher } from '../shared/wildcard.js';
import { type AddressClass, classifyAddress, classifyHostName } from './address-class.js';
import { cachedResolver } from './cached-resolver.js';
import { parseIp } from './ip-address.js';
import { type NetworkTarget, targetsIn } from './url-targets.js';

export type { AddressClass } from './address-class.js';

export interface NetworkPolicyGuardOptions extends GuardBaseOptions {
  /** Address classes refused (default: all of them). */
  readonly blockClasses?: readonly AddressClass[];
  /** When set, only these hosts (`*` wildcards) may be targeted; listed hosts skip the address-class check. */
  readonly allowHosts?: readonly string[];
  /** Hosts (`*` wildcards) always refused. */
  readonly denyHosts?: readonly string[];
  /** Refuse URLs that are not https. */
  readonly httpsOnly?: boolean;
  /** URL schemes allowed (default: http, https, ws, wss); every other scheme (file:, gopher:, ftp:...) is refused. */
  readonly schemes?: readonly string[];
  /** Resolve host names and apply the same address-class rules to every address (default false). */
  readonly dnsCheck?: boolean;
  /** Resolver for dnsCheck (default: node:dns lookup, loaded on first use). */
  readonly resolve?: (host: string) => Promise<readonly string[]>;
  /** A lookup taking longer refuses the call (default 1000 ms). */
  readonly dnsTimeoutMs?: number;
  /** How long a lookup's answer is reused (default 30 000 ms). */
  readonly dnsCacheMs?: number;
  /**
   * Argument names whose bare values (no scheme) are hosts whatever their shape, looked up when
   * dnsCheck is on (default: host, url, uri, href, link, endpoint, address, ip, domain, server,
   * target, proxy...). Values under other names are checked too when shaped like an address.
   */
  readonly hostKeys?: RegExp;
}

const allClasses: readonly AddressClass[] = [
  'loopback',
  'private',
  'link-local',
  'metadata',
  'unspecified',
  'multicast',
  'reserved',
];
const defaultHostKeys =
  /host|url|uri|href|link|endpoint|addr|^ips?$|^ip_|_ip$|domain|server|target|origin|webhook|proxy|upstream|redirect|callback|socket|src|dest/i;
const defaultSchemes = ['http', 'https', 'ws', 'wss'];
// Characters every string that may hold a URL or an address-shaped token has.
const mayHoldTarget = /[.:\u3002\uff0e\uff61]/;

/**
 * SSRF defence: refuses arguments that point a tool at loopback, private, link-local, cloud
 * metadata, unspecified, multicast or reserved addresses, or use a scheme not allowed, judging
 * every string the way WHATWG URL / fetch will read it (see url-targets.ts).
 */
export function networkPolicyGuard(options: NetworkPolicyGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('network-policy', options);
  const blockClasses = new Set(options.blockClasses ?? allClasses);
  for (const kind of blockClasses) {
    if (!allClasses.includes(kind)) {
      throw new ConfigurationError('network-policy.blockClasses', `unknown class "${kind}"`);
    }
  }
  const allowList = options.allowHosts ?? [];
  const allowed = wildcardMatcher(allowList);
  const denied = wildcardMatcher(options.denyHosts ?? []);
  const schemes = new Set(
    (options.schemes ?? defaultSchemes).map((scheme) => scheme.toLowerCase()),
  );
  const hostKeys = options.hostKeys ?? defaultHostKeys;
  const isHostKey = rememberAnswers(hostKeys);
  if (options.resolve !== undefined && typeof options.resolve !== 'function') {
    throw new ConfigurationError('network-policy.resolve', 'must be a function');
  }
  const resolve = cachedResolver(options.resolve ?? lookupAll, {
    timeoutMs: positiveInteger('network-policy.dnsTimeoutMs', options.dnsTimeoutMs, 1_000),
    ttlMs: positiveInteger('network-policy.dnsCacheMs', options.dnsCacheMs, 30_000),
  });

  /** Why this target is refused without looking anything up, or undefined. */
  const staticProblem = (target: NetworkTarget): string | undefined => {
    if (target.scheme !== undefined) {
      if (!schemes.has(target.scheme)) return `the scheme "${target.scheme}" is not allowed`;
      if (options.httpsOnly && target.scheme !== 'https') return 'only https URLs are allowed';
    }
    if (target.host === '') return undefined;
    if (!target.incidental && denied(target.host)) return `the host "${target.host}" is denied`;
    if (allowList.length > 0) {
      if (allowed(target.host)) return undefined;
      if (!target.incidental) return `the host "${target.host}" is not on the allow list`;
    }
    const address = parseIp(target.host);
    const kind = address ? classifyAddress(address) : classifyHostName(target.host);
    if (kind && blockClasses.has(kind)) return `"${target.host}" is a ${kind} address`;
    return undefined;
  };

  /**
   * `lenient`: a bare single-label value (`{ target: 'production' }`) that does not resolve is
   * a word, not a host anything could reach; a URL's host or a dotted name that does not
   * resolve is refused (the tool's resolver may know names the guard's does not).
   */
  const resolvedProblem = async (host: string, lenient: boolean): Promise<string | undefined> => {
    let addresses: readonly string[];
    try {
      addresses = await resolve(host);
    } catch {
      return lenient ? undefined : `the host "${host}" could not be resolved`;
    }
    for (const text of addresses) {
      const address = parseIp(text);
      const kind = address && classifyAddress(address);
      if (kind && blockClasses.has(kind)) return `"${host}" resolves to a ${kind} address`;
    }
    return undefined;
  };

  return {
    ...identity,
    pre({ args }) {
      let toResolve: Array<{ host: string; path: string; lenient: boolean }> | undefined;
      for (const { text, path, key } of stringLeaves(args)) {
        const hostLike = key !== undefined && isHostKey(key);
        if (!hostLike && !mayHoldTarget.test(text)) continue;
        for (const target of targetsIn(text, hostLike)) {
          const problem = staticProblem(target);
          if (problem)
            return { verdict: 'block', reason: `${path}: ${problem}`, details: { path } };
          if (
            options.dnsCheck &&
            !target.incidental &&
            target.host !== '' &&
            parseIp(target.host) === undefined &&
            !allowed(target.host)
          ) {
            const lenient = target.scheme === undefined && !target.host.includes('.');
            (toResolve ??= []).push({ host: target.host, path, lenient });
          }
        }
      }
      if (toResolve === undefined) return ALLOW;
      return (async () => {
        for (const { host, path, lenient } of toResolve) {
          const problem = await resolvedProblem(host, lenient);
          if (problem)
            return { verdict: 'block', reason: `${path}: ${problem}`, details: { path } };
        }
        return ALLOW;
      })();
    },
  };
}

// Distinct argument names remembered by rememberAnswers; past it the memory starts over.
const MAX_KEY_ANSWERS = 256;

/**
 * \`hostKeys.test\` with each argument name's answer kept: the same few names come back on every
 * call, and the unanchored alternation costs ~100 ns a name. Expressions with /g or /y carry
 * state between tests, so those are asked every time, as before.
 */
export function rememberAnswers(pattern: RegExp): (key: string) => boolean {
  if (pattern.global || pattern.sticky) return (key) => pattern.test(key);
  const answers = new Map<string, boolean>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = pattern.test(key);
      if (answers.size >= MAX_KEY_ANSWERS) answers.clear();
      answers.set(key, answer);
    }
    return answer;
  };
}

async function lookupAll(host: string): Promise<readonly string[]> {
  const { lookup } = await import('node:dns/promises');
  const results = await lookup(host, { all: true, verbatim: true });
  return results.map((result) => result.address);
}
