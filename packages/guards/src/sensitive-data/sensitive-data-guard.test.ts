import { createExecutionContext, defineTool, type GuardVerdict } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { luhnValid } from './luhn.js';
import { type SensitiveDataGuardOptions, sensitiveDataGuard } from './sensitive-data-guard.js';

const tool = defineTool({
  name: 't',
  description: 'd',
  inputSchema: z.object({}).passthrough(),
  execute: () => null,
});
const context = createExecutionContext();

function pre(args: Record<string, unknown>, options: SensitiveDataGuardOptions = {}) {
  const guard = sensitiveDataGuard(options);
  return guard.pre!({
    call: { id: '1', tool: 't', arguments: args },
    tool,
    args,
    context,
    dryRun: false,
  }) as GuardVerdict;
}

// Test fixtures are built from parts so no scanner flags this file as holding real secrets.
const aws = 'AKIA' + 'IOSFODNN7EXAMPLE';
const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY';
const github = 'ghp_' + 'a'.repeat(18) + 'B'.repeat(18);
const githubPat = 'github_pat_' + '11ABCDEFG0' + 'x'.repeat(30);
const gitlab = 'glpat-' + 'xYz123AbC456dEf789gH';
const slack = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const slackHook =
  'https://hooks.slack.com/services/' + 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const stripe = 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc';
const openai = 'sk-proj-' + 'abcDEF123456ghiJKL789012mnoPQR';
const jwt =
  'eyJhbGciOiJIUzI1NiJ9' +
  '.eyJzdWIiOiIxMjM0NTY3ODkwIn0' +
  '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const pem =
  '-----BEGIN RSA ' + 'PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA ' + 'PRIVATE KEY-----';
const card = '4111 1111 1111 1111';

const detected: Array<[string, string, string]> = [
  ['aws-access-key', `key=${aws}`, aws],
  ['aws-secret-key', `aws_secret_access_key = ${awsSecret}`, awsSecret],
  ['github-token', `token ${github}`, github],
  ['github-token', githubPat, githubPat],
  ['gitlab-token', gitlab, gitlab],
  ['slack-token', slack, slack],
  ['slack-webhook', slackHook, 'XXXXXXXXXXXXXXXXXXXXXXXX'],
  ['stripe-key', stripe, stripe],
  ['openai-key', `OPENAI_API_KEY=${openai}`, openai],
  ['jwt', `Bearer ${jwt}`, jwt],
  ['private-key', pem, 'MIIEowIBAAKCAQEA7'],
  ['url-password', 'postgres://admin:s3cr3t-pw@db.example.com/app', 's3cr3t-pw'],
  ['email', 'write to jane.doe@example.com today', 'jane.doe@example.com'],
  ['credit-card', `card ${card}`, card],
  ['credit-card', '4111111111111111', '4111111111111111'],
  ['credit-card', '3782-822463-10005', '3782-822463-10005'], // Amex grouping
];

const clean = [
  '123e4567-e89b-12d3-a456-426614174000', // UUID
  '12345678-1234-5678-1234-567812345678', // all-digit UUID
  '9fceb02d0ae598e95dc970b74767f19372d61af8', // git SHA-1
  'commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904 merged',
  `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk${'AKIAIOSFODNN7EXAMPLE'}+P+/HgAFhAJ/wlseKgAAAABJRU5ErkJggg==`, // base64 image
  '4111 1111 1111 1112', // fails Luhn
  'order 1234567890123 shipped', // 13 digits, fails Luhn
  'call +1 415 555 0100',
  'the sk-8 is a skateboard',
  'https://example.com/path?user=me',
  'version 1.2.3-beta.4',
  'just a normal sentence about passwords and keys',
  'eyJhbGciOiJIUzI1NiJ9 alone is not a token',
];

describe('sensitiveDataGuard', () => {
  it.each(detected)('detects a %s', (kind, text, secret) => {
    const verdict = pre({ text }, { mode: 'block' });
    expect(verdict).toMatchObject({ verdict: 'block', details: { kinds: [kind] } });
    expect(JSON.stringify(verdict)).not.toContain(secret);
  });

  it.each(detected)('redacts a %s without leaking it', (kind, text, secret) => {
    const verdict = pre({ nested: [{ text }] });
    expect(verdict.verdict).toBe('repair');
    const repaired = JSON.stringify(verdict.verdict === 'repair' && verdict.value);
    expect(repaired).toContain(`[REDACTED:${kind}]`);
    expect(repaired).not.toContain(secret);
    expect(JSON.stringify({ ...verdict, value: undefined })).not.toContain(secret);
  });

  it.each(clean)('does not flag %s', (text) => {
    expect(pre({ text }, { mode: 'block' })).toEqual({ verdict: 'allow' });
  });

  it('hashes consistently with a salt and keeps the rest of the text', () => {
    const first = pre({ a: `x ${aws} y`, b: aws }, { mode: 'hash', salt: 's' });
    const second = pre({ a: aws }, { mode: 'hash', salt: 's' });
    const other = pre({ a: aws }, { mode: 'hash', salt: 't' });
    const value = (verdict: GuardVerdict) =>
      verdict.verdict === 'repair' ? (verdict.value as Record<string, string>) : {};
    expect(value(first).a).toMatch(/^x \[aws-access-key:[0-9a-f]{16}\] y$/);
    expect(value(first).b).toBe(value(second).a);
    expect(value(other).a).not.toBe(value(second).a);
    expect(JSON.stringify(first)).not.toContain(aws);
  });

  it('redacts several findings in one string and leaves untouched branches alone', () => {
    const untouched = { n: 1 };
    const verdict = pre({ text: `${aws} and ${stripe}`, untouched }, {});
    expect(verdict).toMatchObject({
      verdict: 'repair',
      value: { text: '[REDACTED:aws-access-key] and [REDACTED:stripe-key]' },
    });
    expect(
      verdict.verdict === 'repair' && (verdict.value as { untouched: unknown }).untouched,
    ).toBe(untouched);
  });

  it('respects kinds, pii and phases', () => {
    expect(pre({ text: 'jane@example.com' }, { pii: false })).toEqual({ verdict: 'allow' });
    expect(pre({ text: aws }, { kinds: ['email'] })).toEqual({ verdict: 'allow' });
    expect(sensitiveDataGuard({ phases: ['post'] }).pre).toBeUndefined();
    expect(sensitiveDataGuard({ phases: ['pre'] }).post).toBeUndefined();
  });

  it('checks successful results in post and lets failures through', () => {
    const guard = sensitiveDataGuard();
    const input = {
      call: { id: '1', tool: 't', arguments: {} },
      tool,
      args: {},
      context,
      dryRun: false,
    };
    expect(guard.post!({ ...input, result: { ok: true, value: { token: github } } })).toMatchObject(
      {
        verdict: 'repair',
        value: { token: '[REDACTED:github-token]' },
      },
    );
    expect(guard.post!({ ...input, result: { ok: false } })).toEqual({ verdict: 'allow' });
    const plainError = {
      code: 'TOOL_EXECUTION_FAILED',
      category: 'execution',
      message: 'boom',
      retryable: true,
    };
    expect(guard.post!({ ...input, result: { ok: false, error: plainError } })).toEqual({
      verdict: 'allow',
    });
    const leaky = { ...plainError, message: `auth failed for ${github}` };
    const verdict = guard.post!({ ...input, result: { ok: false, error: leaky } });
    expect(verdict).toMatchObject({ verdict: 'block', details: { kinds: ['github-token'] } });
    expect(JSON.stringify(verdict)).not.toContain(github);
  });

  it('refuses, in every mode, a value nested too deep to be scanned', () => {
    let deep: unknown = github;
    for (let level = 0; level < 300; level++) deep = { next: deep };
    for (const mode of ['block', 'redact', 'hash'] as const) {
      const verdict = pre({ deep }, { mode });
      expect(verdict).toMatchObject({ verdict: 'block' });
      expect(verdict.verdict === 'block' && verdict.reason).toContain('not scanned');
    }
  });

  it('redacts a secret-named value and a secret key in the same object', () => {
    const verdict = pre({ [github]: 1, password: 'hunter2hunter2', user: 'jane' }, {});
    expect(verdict).toMatchObject({
      verdict: 'repair',
      value: { '[REDACTED:github-token]': 1, password: '[REDACTED:named-secret]', user: 'jane' },
    });
  });

  it('rejects bad options naming the field', () => {
    expect(() => sensitiveDataGuard({ mode: 'shout' as 'block' })).toThrow(/sensitive-data\.mode/);
    expect(() => sensitiveDataGuard({ kinds: ['dna' as 'email'] })).toThrow(
      /sensitive-data\.kinds/,
    );
    expect(() => sensitiveDataGuard({ phases: ['plan' as 'pre'] })).toThrow(
      /sensitive-data\.phases/,
    );
  });

  it('luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('12a4')).toBe(false);
  });
});
