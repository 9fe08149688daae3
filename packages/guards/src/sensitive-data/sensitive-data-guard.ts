import {
  ConfigurationError,
  type GuardCallResult,
  type GuardV1,
  type GuardVerdict,
  sha256Hex,
} from '@tp/core';
import { ALLOW, type GuardBaseOptions, guardIdentity, oneOf } from '../shared/guard-options.js';
import {
  createScanner,
  type Finding,
  PII_KINDS,
  SECRET_KINDS,
  type SensitiveKind,
} from './detectors.js';
import { namedSecret } from './secret-names.js';
import { replaceSerialisedStrings, someSerialisedString, TooDeepError } from './serialised-walk.js';

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
 * Finds secrets and PII in arguments and results, as they will be serialised (toJSON, Maps,
 * Sets, keys, Errors included), by pattern and by the name of the property holding a value.
 * Verdicts name the kind and the location, never the value: the secret itself is never logged,
 * returned or emitted.
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
  const active = new Set(kinds);
  const scan = createScanner(active);
  const salt = options.salt ?? randomSalt();

  /** Findings in one string; a value under a secret-named property is one when nothing else is. */
  const findingsIn = (text: string, key: string | undefined, isKey: boolean) => {
    const found = scan(text);
    if (found.length > 0 || isKey) return found;
    const named = namedSecret(key, text);
    return named && active.has(named.kind) ? [named] : found;
  };

  const replaced = (text: string, key: string | undefined, isKey: boolean) => {
    const findings = findingsIn(text, key, isKey);
    if (findings.length === 0) return text;
    let out = '';
    let cursor = 0;
    for (const { kind, start, end } of findings) {
      out += text.slice(cursor, start) + replacement(kind, text.slice(start, end));
      cursor = end;
    }
    return out + text.slice(cursor);
  };

  const replacement = (kind: SensitiveKind, secret: string) =>
    mode === 'hash' ? `[${kind}:${sha256Hex(salt + secret).slice(0, 16)}]` : `[REDACTED:${kind}]`;

  /** Every kind in `value` and where the first is; the location's own secrets redacted. */
  const inspect = (value: unknown, stopAtFirst: boolean) => {
    let first: { finding: Finding; path: string } | undefined;
    const found = new Set<SensitiveKind>();
    someSerialisedString(value, (text, path, key, isKey) => {
      const findings = findingsIn(text, key, isKey);
      if (findings.length === 0) return false;
      first ??= { finding: findings[0]!, path: replaced(path, undefined, true) };
      for (const finding of findings) found.add(finding.kind);
      return stopAtFirst;
    });
    return { first, found };
  };

  const judge = (value: unknown): GuardVerdict => {
    const { first, found } = inspect(value, mode === 'block');
    if (!first) return ALLOW;
    const { finding, path } = first;
    const details = { kinds: [...found], path };
    if (mode === 'block') {
      return { verdict: 'block', reason: `${path} contains a ${finding.kind}`, details };
    }
    const action = mode === 'hash' ? 'hashed' : 'redacted';
    return {
      verdict: 'repair',
      reason: `${action} ${[...found].join(', ')} (first at ${path})`,
      details,
      value: replaceSerialisedStrings(value, replaced),
    };
  };

  // A failed call has no value to repair: an error that carries a secret is replaced whole.
  const judgeError = (error: GuardCallResult['error']): GuardVerdict => {
    if (!error) return ALLOW;
    const { found } = inspect([error.message, error.details], false);
    if (found.size === 0) return ALLOW;
    return {
      verdict: 'block',
      reason: `the error carried ${[...found].join(', ')}; it was withheld`,
      details: { kinds: [...found], code: error.code },
    };
  };

  /** A value that cannot be walked to the end cannot be vouched for. */
  const failClosed =
    <Input>(check: (input: Input) => GuardVerdict) =>
    (input: Input): GuardVerdict => {
      try {
        return check(input);
      } catch (error) {
        if (!(error instanceof TooDeepError)) throw error;
        return { verdict: 'block', reason: `the value is ${error.message}; it was not scanned` };
      }
    };

  return {
    ...identity,
    // What other guards' reasons and retried attempts' errors quote is kept out of events too.
    withholds(value: unknown) {
      try {
        return inspect(value, true).first !== undefined;
      } catch (error) {
        if (error instanceof TooDeepError) return true;
        throw error;
      }
    },
    ...(phases.has('pre') ? { pre: failClosed(({ args }: { args: unknown }) => judge(args)) } : {}),
    ...(phases.has('post')
      ? {
          post: failClosed(({ result }: { result: GuardCallResult }) =>
            result.ok ? judge(result.value) : judgeError(result.error),
          ),
        }
      : {}),
  };
}

function randomSalt(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
