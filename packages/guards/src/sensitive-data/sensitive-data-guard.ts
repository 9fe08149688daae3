import {
  ConfigurationError,
  type GuardCallResult,
  type GuardV1,
  type GuardVerdict,
  sha256Hex,
} from '@tp/core';
import { ALLOW, type GuardBaseOptions, guardIdentity, oneOf } from '../shared/guard-options.js';
import { mapStrings, someString, stringLeaves } from '../shared/walk-strings.js';
import {
  createScanner,
  type Finding,
  PII_KINDS,
  SECRET_KINDS,
  type SensitiveKind,
} from './detectors.js';

export type { SensitiveKind } from './detectors.js';

export type SensitiveDataMode = 'block' | 'redact' | 'hash';

export interface SensitiveDataGuardOptions extends GuardBaseOptions {
  /** 'block' refuses; 'redact' replaces with `[REDACTED:<kind>]`; 'hash' with `[<kind>:<hash>]`. Default 'redact'. */
  readonly mode?: SensitiveDataMode;
  /** Kinds to look for (default: every secret kind, plus PII unless `pii: false`). */
  readonly kinds?: readonly SensitiveKind[];
  /** Include emails and card numbers (default true). */
  readonly pii?: boolean;
  /** Check arguments (pre), results (post) or both (default both). */
  readonly phases?: readonly ('pre' | 'post')[];
  /** Secret salt for 'hash' mode, so hashes of guessable values (cards) cannot be reversed by lookup. Default: random per guard. */
  readonly salt?: string;
}

const allKinds = [...SECRET_KINDS, ...PII_KINDS];

/**
 * Finds secrets and PII in arguments and results. Verdicts name the kind and the location,
 * never the value: the secret itself is never logged, returned or emitted.
 */
export function sensitiveDataGuard(options: SensitiveDataGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('sensitive-data', options);
  const mode = oneOf('sensitive-data.mode', options.mode, ['block', 'redact', 'hash'], 'redact');
  const kinds = options.kinds ?? (options.pii === false ? SECRET_KINDS : allKinds);
  for (const kind of kinds) {
    if (!allKinds.includes(kind))
      throw new ConfigurationError('sensitive-data.kinds', `unknown kind "${kind}"`);
  }
  const phases = new Set(options.phases ?? ['pre', 'post']);
  for (const phase of phases) oneOf('sensitive-data.phases', phase, ['pre', 'post'], 'pre');
  const scan = createScanner(new Set(kinds));
  const salt = options.salt ?? randomSalt();

  const replacement = (kind: SensitiveKind, secret: string) =>
    mode === 'hash' ? `[${kind}:${sha256Hex(salt + secret).slice(0, 16)}]` : `[REDACTED:${kind}]`;

  const judge = (value: unknown, remember: boolean): GuardVerdict => {
    let first: { finding: Finding; path: string } | undefined;
    let found: Set<SensitiveKind> | undefined; // only allocated on a finding: the rare case
    for (const { text, path } of stringLeaves(value, remember)) {
      const findings = scan(text);
      if (findings.length === 0) continue;
      first ??= { finding: findings[0]!, path };
      found ??= new Set();
      for (const finding of findings) found.add(finding.kind);
      if (mode === 'block') break;
    }
    if (!first || !found) return ALLOW;
    const { finding, path } = first;
    const details = { kinds: [...found], path };
    if (mode === 'block') {
      return { verdict: 'block', reason: `${path} contains a ${finding.kind}`, details };
    }
    const repaired = mapStrings(value, (text) => {
      const findings = scan(text);
      if (findings.length === 0) return text;
      let out = '';
      let cursor = 0;
      for (const { kind, start, end } of findings) {
        out += text.slice(cursor, start) + replacement(kind, text.slice(start, end));
        cursor = end;
      }
      return out + text.slice(cursor);
    });
    const action = mode === 'hash' ? 'hashed' : 'redacted';
    return {
      verdict: 'repair',
      reason: `${action} ${[...found].join(', ')} (first at ${path})`,
      details,
      value: repaired,
    };
  };

  // A failed call has no value to repair: an error that carries a secret is replaced whole.
  const judgeError = (error: GuardCallResult['error']): GuardVerdict => {
    if (!error) return ALLOW;
    const kinds = new Set<SensitiveKind>();
    someString([error.message, error.details], (text) => {
      for (const finding of scan(text)) kinds.add(finding.kind);
      return false;
    });
    if (kinds.size === 0) return ALLOW;
    return {
      verdict: 'block',
      reason: `the error carried ${[...kinds].join(', ')}; it was withheld`,
      details: { kinds: [...kinds], code: error.code },
    };
  };

  return {
    ...identity,
    ...(phases.has('pre') ? { pre: ({ args }: { args: unknown }) => judge(args, true) } : {}),
    ...(phases.has('post')
      ? {
          post: ({ result }: { result: GuardCallResult }) =>
            result.ok ? judge(result.value, false) : judgeError(result.error),
        }
      : {}),
  };
}

function randomSalt(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
