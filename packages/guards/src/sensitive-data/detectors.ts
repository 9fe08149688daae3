import { luhnValid } from './luhn.js';

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
];
export const PII_KINDS: readonly SensitiveKind[] = ['email', 'credit-card'];

interface Detector {
  readonly kind: SensitiveKind;
  readonly source: string;
  /** Extra check on the match (checksums); false drops it. */
  readonly confirm?: (match: string) => boolean;
  /** Capture group holding the secret part (default: the whole match). */
  readonly group?: number;
}

// Prefix-anchored token formats first, so one scan with one combined expression finds them all.
const detectors: readonly Detector[] = [
  {
    kind: 'private-key',
    source:
      '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\\s\\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[\\s\\S]*$)',
  },
  { kind: 'aws-access-key', source: '\\b(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[0-9A-Z]{16}\\b' },
  {
    kind: 'aws-secret-key',
    source:
      '\\baws_?secret_?(?:access_?)?key\\b["\']?\\s*[:=]\\s*["\']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])',
    group: 1,
  },
  {
    kind: 'github-token',
    source: '\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b',
  },
  { kind: 'gitlab-token', source: '\\bglpat-[A-Za-z0-9_-]{20,}' },
  {
    kind: 'slack-webhook',
    source: 'https://hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+',
  },
  { kind: 'slack-token', source: '\\bxox[abposr]-[A-Za-z0-9-]{10,}' },
  { kind: 'stripe-key', source: '\\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\\b' },
  { kind: 'openai-key', source: '\\bsk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}' },
  { kind: 'jwt', source: '\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}' },
  {
    kind: 'url-password',
    source: '\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:@/]+:([^\\s@/]+)@',
    group: 1,
  },
  {
    kind: 'email',
    source: '\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b',
  },
  {
    // 13-19 digits, plain or in the 4-4-4-x or 4-6-5 groupings printed on cards; Luhn-checked.
    kind: 'credit-card',
    source: '\\b(?:\\d{4}([ -]?)\\d{4}\\1\\d{4}\\1\\d{1,7}|\\d{4}([ -])\\d{6}\\2\\d{5})\\b',
    confirm: (match) => {
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

/** Base64 data URIs (images...) are skipped whole: their random letters make false positives. */
const dataUri = /^data:[\w.+/-]+(?:;[\w=.+-]+)*;base64,/;

/** A scanner for the chosen kinds: one combined expression, one pass per string. */
export function createScanner(kinds: ReadonlySet<SensitiveKind>): (text: string) => Finding[] {
  const active = detectors.filter((detector) => kinds.has(detector.kind));
  if (active.length === 0) return () => [];
  // Each detector's capture groups are renumbered inside the combined expression.
  const offsets: number[] = [];
  let groups = 0;
  const sources = active.map((detector) => {
    offsets.push(groups + 1);
    const inner = detector.source.replace(
      /\\(\d)/g,
      (_, number) => `\\${groups + 1 + Number(number)}`,
    );
    groups += 1 + countGroups(detector.source);
    return `(${inner})`;
  });
  const combined = new RegExp(sources.join('|'), 'g');
  return (text) => {
    if (text.length < 6 || dataUri.test(text)) return [];
    const findings: Finding[] = [];
    combined.lastIndex = 0;
    for (let match = combined.exec(text); match !== null; match = combined.exec(text)) {
      const which = offsets.findIndex((offset) => match![offset] !== undefined);
      const detector = active[which]!;
      const whole = match[offsets[which]!]!;
      if (detector.confirm && !detector.confirm(whole)) {
        combined.lastIndex = match.index + 1;
        continue;
      }
      let start = match.index;
      let end = start + whole.length;
      if (detector.group !== undefined) {
        const part = match[offsets[which]! + detector.group]!;
        start += whole.lastIndexOf(part);
        end = start + part.length;
      }
      findings.push({ kind: detector.kind, start, end });
    }
    return findings;
  };
}

function countGroups(source: string): number {
  return (source.match(/(?<!\\)\((?!\?)/g) ?? []).length;
}
