import type { SensitiveKind } from './detectors.js';

/** Where a secret sits inside a string (offsets), and what it is. */
export interface NamedSecret {
  readonly kind: SensitiveKind;
  readonly start: number;
  readonly end: number;
}

// Last words of property names whose values are secrets; `pageToken` and friends are cursors.
const passwordWords = new Set(['password', 'passwd', 'pwd', 'passphrase', 'passcode']);
const secretWords = new Set([
  'secret',
  'token',
  'credential',
  'credentials',
  'authorization',
  'auth',
  'cookie',
  'apikey',
  'privatekey',
  'secretkey',
]);
const secretPairs = new Set([
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'signingkey',
  'encryptionkey',
  'masterkey',
  'sessionkey',
  'accountkey',
  'authkey',
  'clientsecret',
]);
const notSecretBefore = new Set(['page', 'cursor', 'continuation', 'next', 'sync', 'pagination']);

/** Values that only stand for a secret: masks, templates, examples, our own replacements. */
export const placeholder =
  /^(?:\*+|x+|•+|\.+|-+|<[^>]*>|\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|\{\{[^}]*\}\}|%[A-Z_]+%|\[REDACTED:[a-z-]+\]|\[[a-z-]+:[0-9a-f]{16}\]|(?:your|my|example|sample|dummy|fake)[\w-]*|null|undefined|none|redacted|changeme|password|secret|token)$/i;
const awsSecretValue = /^[A-Za-z0-9/+=]{40}$/;
const authScheme = /^(?:bearer|basic|token|digest|negotiate|apikey|aws4-hmac-sha256)\s+/i;

type NameClass = 'password' | 'secret' | 'aws';

/** What a property name says about its value, remembered per name (names repeat). */
function classify(key: string): NameClass | undefined {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  const last = words.at(-1);
  if (last === undefined) return undefined;
  const joined = words.join('');
  if (joined.includes('secretaccesskey') || joined === 'awssecretkey') return 'aws';
  if (passwordWords.has(last) || joined.endsWith('password')) return 'password';
  if (notSecretBefore.has(words.at(-2) ?? '')) return undefined;
  if (secretWords.has(last) || secretPairs.has(words.slice(-2).join(''))) return 'secret';
  return undefined;
}

const MAX_NAMES = 512;
const classes = new Map<string, NameClass | null>();

function nameClass(key: string): NameClass | undefined {
  let answer = classes.get(key);
  if (answer === undefined) {
    answer = classify(key) ?? null;
    if (classes.size >= MAX_NAMES) classes.clear();
    classes.set(key, answer);
  }
  return answer ?? undefined;
}

/**
 * Key-aware detection: the secret in `value` when the property holding it is named like a secret
 * (`password`, `client_secret`, `SecretAccessKey`, `Authorization`...) and the value looks like
 * one (long enough, not a mask or a template). A whole value, or the credentials after an
 * authorization scheme (`Bearer ...`).
 */
export function namedSecret(key: string | undefined, value: string): NamedSecret | undefined {
  if (key === undefined || value.length < 6) return undefined;
  const kind = nameClass(key);
  if (kind === undefined) return undefined;
  const trimmed = value.trim();
  if (placeholder.test(trimmed)) return undefined;
  let start = value.indexOf(trimmed);
  const scheme = authScheme.exec(trimmed);
  if (scheme) start += scheme[0].length;
  const secret = value.slice(start, start + trimmed.length - (scheme?.[0].length ?? 0));
  if (kind === 'password') {
    if (secret.length < 6) return undefined;
  } else if (secret.length < 8 || /\s/.test(secret) || placeholder.test(secret)) {
    return undefined;
  }
  const found = kind === 'aws' && awsSecretValue.test(secret) ? 'aws-secret-key' : 'named-secret';
  return { kind: found, start, end: start + secret.length };
}
