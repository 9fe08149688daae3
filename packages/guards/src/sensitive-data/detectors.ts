import { luhnValid } from './luhn.js';
import { placeholder } from './secret-names.js';

/** Kinds of sensitive data the guard finds. */
export type SensitiveKind =
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'openai-key'
  | 'jwt'
  | 'private-key'
  | 'url-password'
  | 'named-secret'
  | 'email'
  | 'credit-card';

export const SECRET_KINDS: readonly SensitiveKind[] = [
  'aws-access-key',
  'aws-secret-key',
  'github-token',
  'gitlab-token',
  'slack-token',
  'slack-webhook',
  'stripe-key',
  'openai-key',
  'jwt',
  'private-key',
  'url-password',
  'named-secret',
];
export const PII_KINDS: readonly SensitiveKind[] = ['email', 'credit-card'];

interface Detector {
  readonly kind: SensitiveKind;
  /** Characters of which the text must hold at least one for `hint` to pass (its first check). */
  readonly triggers: string;
  /** Cheap test: can the text contain this kind at all? Most strings fail every hint. */
  readonly hint: (text: string) => boolean;
  readonly pattern: RegExp;
  /** Extra check on the match (checksums); false drops it. */
  readonly confirm?: (match: RegExpExecArray) => boolean;
  /** Capture group holding the secret part (default: the whole match). */
  readonly group?: number;
}

// A hint runs on every string of every call, so it must cost next to nothing on ordinary text.
// It starts with a search for a character prose rarely has ('-', '_', '@', 'J', a digit...):
// single-character searches are vectorised, while a longer needle whose first letter is common
// ('e' of 'eyJ') or a regular expression walks the text far more slowly.
const awsPrefixes = ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AIDA', 'AROA'];
const digitCharacters = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
// A plain loop: \`some\` with an arrow allocates a closure over the text for every string.
const hasDigit = (text: string) => {
  for (const digit of digitCharacters) if (text.includes(digit)) return true;
  return false;
};

const fourDigits = /\d{4}/;
const secretWord = /passw|pwd|passphrase|secret|token|key/i;
const cursorName = /^(?:page|cursor|continuation|next|sync)[_-]?/i;

/** A setting's value that is not prose, a mask or a template: letters with digits or symbols. */
function secretLooking(value: string): boolean {
  return (
    /[A-Za-z]/.test(value) &&
    /[^A-Za-z]/.test(value) &&
    !/^[${<%[]/.test(value) &&
    !placeholder.test(value)
  );
}

// In priority order: when two findings start at the same place, the earlier detector wins.
const detectors: readonly Detector[] = [
  {
    kind: 'private-key',
    triggers: '-',
    hint: (text) => text.includes('-----') && text.includes('PRIVATE KEY'),
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*$)/g,
  },
  {
    kind: 'aws-access-key',
    triggers: 'A',
    hint: (text) => text.includes('A') && awsPrefixes.some((prefix) => text.includes(prefix)),
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[0-9A-Z]{16}\b/g,
  },
  {
    // `aws_secret_access_key = ...`, and the STS / SDK shape `"SecretAccessKey": "..."`.
    kind: 'aws-secret-key',
    triggers: '=:',
    hint: (text) =>
      (text.includes('=') || text.includes(':')) && /aws_?secret|secret_?access/i.test(text),
    pattern:
      /\b(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
  },
  {
    kind: 'github-token',
    triggers: '_',
    hint: (text) => text.includes('_') && /gh[pousr]_|github_pat_/.test(text),
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
  },
  {
    kind: 'gitlab-token',
    triggers: '-',
    hint: (text) => text.includes('-') && text.includes('glpat-'),
    pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g,
  },
  {
    kind: 'slack-webhook',
    triggers: '/',
    hint: (text) => text.includes('/') && text.includes('hooks.slack.com'),
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/([A-Za-z0-9]+)/g,
    group: 1,
  },
  {
    kind: 'slack-token',
    triggers: '-',
    hint: (text) => text.includes('-') && text.includes('xox'),
    pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  },
  {
    kind: 'stripe-key',
    triggers: '_',
    hint: (text) => text.includes('_') && (text.includes('_live_') || text.includes('_test_')),
    pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
  },
  {
    kind: 'openai-key',
    triggers: '-',
    hint: (text) => text.includes('-') && text.includes('sk-'),
    pattern: /\bsk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}/g,
  },
  {
    kind: 'jwt',
    triggers: 'J',
    hint: (text) => text.includes('J') && text.includes('eyJ'),
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  },
  {
    kind: 'url-password',
    triggers: '@',
    hint: (text) => text.includes('@') && text.includes('://'),
    pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@/g,
    group: 1,
  },
  {
    // `password=...`, `"client_secret": "..."`, `GITHUB_TOKEN=...` in text: the value of a
    // secret-named setting, when it looks like one (letters and digits or symbols, no template).
    kind: 'named-secret',
    triggers: '=:',
    hint: (text) => (text.includes('=') || text.includes(':')) && secretWord.test(text),
    pattern:
      /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]*?(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key)["']?\s*[:=]\s*["']?([^\s"'`,;&<>]{8,})/gi,
    group: 1,
    confirm: (match) => !cursorName.test(match[0]) && secretLooking(match[1]!),
  },
  {
    // `Authorization: Bearer <opaque token>` in text (headers logged or echoed as a string).
    kind: 'named-secret',
    triggers: ':=',
    hint: (text) => (text.includes(':') || text.includes('=')) && /uthorization/i.test(text),
    pattern:
      /\bauthorization["']?\s*[:=]\s*["']?(?:bearer|basic|token|digest)\s+([A-Za-z0-9._~+/=-]{8,})/gi,
    group: 1,
  },
  {
    kind: 'email',
    triggers: '@',
    hint: (text) => text.includes('@'),
    pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
  },
  {
    // 13-19 digits, plain or in the 4-4-4-x or 4-6-5 groupings printed on cards; Luhn-checked.
    kind: 'credit-card',
    triggers: '0123456789',
    hint: (text) => hasDigit(text) && fourDigits.test(text),
    pattern: /\b(?:\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{5})\b/g,
    confirm: ([match]) => {
      const digits = match.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
    },
  },
];

export interface Finding {
  readonly kind: SensitiveKind;
  /** Offsets of the secret part inside the scanned text. */
  readonly start: number;
  readonly end: number;
}

// Almost every string has no findings: one shared empty answer instead of an array per string.
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/**
 * A scanner for the chosen kinds. Each detector's cheap hint decides whether its expression
 * runs at all, so ordinary text costs a few substring searches.
 */
export function createScanner(
  kinds: ReadonlySet<SensitiveKind>,
): (text: string) => readonly Finding[] {
  const active = detectors.filter((detector) => kinds.has(detector.kind));
  // One character-class search rules out every hint at once for most strings (a query, a word,
  // plain prose): about a third of the scanning time on ordinary arguments.
  const anyTrigger = new RegExp(
    `[${[...new Set(active.flatMap((detector) => [...detector.triggers]))]
      .map((character) => (/[A-Za-z0-9]/.test(character) ? character : `\\${character}`))
      .join('')}]`,
  );
  return (text) => {
    if (text.length < 6 || !anyTrigger.test(text)) return NO_FINDINGS;
    let findings: Finding[] | undefined;
    for (const detector of active) {
      if (!detector.hint(text)) continue;
      const { pattern } = detector;
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        if (detector.confirm && !detector.confirm(match)) {
          pattern.lastIndex = match.index + 1;
          continue;
        }
        let start = match.index;
        let end = start + match[0].length;
        if (detector.group !== undefined) {
          const part = match[detector.group]!;
          start += match[0].lastIndexOf(part);
          end = start + part.length;
        }
        (findings ??= []).push({ kind: detector.kind, start, end });
      }
    }
    return findings ? withoutOverlaps(findings) : NO_FINDINGS;
  };
}

/** Sorted by position; a finding inside an earlier one (an email inside a key...) is dropped. */
function withoutOverlaps(findings: Finding[]): Finding[] {
  if (findings.length === 1) return findings;
  const sorted = findings
    .map((finding, order) => ({ finding, order }))
    .sort((x, y) => x.finding.start - y.finding.start || x.order - y.order);
  const kept: Finding[] = [];
  let reach = -1;
  for (const { finding } of sorted) {
    if (finding.start < reach) continue;
    kept.push(finding);
    reach = finding.end;
  }
  return kept;
}
