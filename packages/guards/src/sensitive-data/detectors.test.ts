import { describe, expect, it } from 'vitest';
import { createScanner, PII_KINDS, SECRET_KINDS, type SensitiveKind } from './detectors.js';

// Built from parts so no scanner flags this file as holding real secrets.
const samples: Array<[SensitiveKind, string, string]> = [
  [
    'private-key',
    `-----BEGIN RSA ${'PRIVATE KEY'}-----\nMIIE\n-----END RSA ${'PRIVATE KEY'}-----`,
    '-----BEGIN',
  ],
  ['aws-access-key', `AKIA${'IOSFODNN7EXAMPLE'}`, 'AKIA'],
  [
    'aws-secret-key',
    `aws_secret_access_key=${'wJalrXUtnFEMI/K7MDENG/bPxRfiCY'}EXAMPLEKEY`,
    'wJalr',
  ],
  ['github-token', `ghp_${'a'.repeat(18)}${'B'.repeat(18)}`, 'ghp_'],
  ['gitlab-token', `glpat-${'xYz123AbC456dEf789gH'}`, 'glpat-'],
  ['slack-webhook', `https://hooks.slack.com/services/${'T0000/B0000/'}${'X'.repeat(24)}`, 'XXXX'],
  ['slack-token', `xoxb-${'123456789012-AbCdEfGhIjKl'}`, 'xoxb-'],
  ['stripe-key', `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`, 'sk_live_'],
  ['openai-key', `sk-proj-${'abcDEF123456ghiJKL789012'}`, 'sk-proj-'],
  ['jwt', `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiIxMjM0In0'}.dozjgNryP4J3jVmNHl0w`, 'eyJ'],
  ['url-password', `postgres://admin:${'s3cr3t'}@db.example.com/app`, 's3cr3t'],
  ['named-secret', `client_secret=${'9aF3kLm2QxZ7'}`, '9aF3'],
  ['aws-secret-key', `"SecretAccessKey": "${'wJalrXUtnFEMI/K7MDENG/bPxRfiCY'}EXAMPLEKEY"`, 'wJalr'],
  ['email', `jane.doe@${'example.com'}`, 'jane.doe@'],
  ['credit-card', `4111${'111111111111'}`, '4111'],
];
const prose = 'Find maintained projects with tests and documentation, please';

describe('createScanner with its one character-class prefilter', () => {
  const everything = createScanner(new Set([...SECRET_KINDS, ...PII_KINDS]));

  it.each(samples)('finds %s wherever it sits in the text', (kind, secret, part) => {
    const placements = [
      secret,
      `${secret} ${prose}`,
      `${prose} ${secret}`,
      `${prose} ${secret} ${prose}`,
      `${prose.repeat(20)}\n${secret}`,
    ];
    for (const text of placements) {
      const findings = everything(text);
      const finding = findings.find((candidate) => candidate.kind === kind);
      expect(finding, text).toBeDefined();
      expect(text.slice(finding!.start, finding!.end)).toContain(part);
    }
  });

  it.each(samples)(
    'a scanner for %s alone still finds it (its triggers are right)',
    (kind, secret) => {
      const only = createScanner(new Set([kind]));
      expect(only(`${prose} ${secret}`).map((finding) => finding.kind)).toEqual([kind]);
    },
  );

  it('rules out text with none of the trigger characters, and nothing is found in it', () => {
    expect(everything(prose)).toEqual([]);
    expect(everything('typescript')).toEqual([]);
    expect(createScanner(new Set())(samples[0]![1])).toEqual([]);
  });
});
