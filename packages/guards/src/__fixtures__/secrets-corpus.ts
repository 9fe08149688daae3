/**
 * Secrets corpus for sensitiveDataGuard. `leaking` values each carry `secret` somewhere a
 * serialiser or a logger will show it; the guard must block them (mode 'block') and remove the
 * secret (mode 'redact'). `ordinary` values must pass untouched in mode 'block'. Secrets are
 * built from parts so that secret scanners do not flag this file. Add every new bypass here.
 */

export const github = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0'.repeat(2);
export const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY';
const stsAccessKeyId = 'ASIA' + 'XAMPLE0123456789';
const stsSessionToken = 'FwoGZXIvYXdzEBYaD' + 'Hf3kQ9xL2mN8pR4sT6v';
const clientSecret = '9aF3kLm2' + 'QxZ7wP1v';
const password = 'correct horse ' + 'battery staple';
const bearer = 'abcDEF123' + 'ghiJKL456';

export interface LeakCase {
  readonly note: string;
  readonly value: () => unknown;
  readonly secret: string;
}

class Account {
  readonly owner = 'jane';
  constructor(readonly token: string) {}
}

export const leaking: readonly LeakCase[] = [
  // Issue 9: text after a leading base64 data URI was skipped whole.
  {
    note: 'after a data URI',
    value: () => ({ text: `data:x/y;base64,AA== ${github}` }),
    secret: github,
  },
  {
    note: 'as a data URI payload',
    value: () => ({ text: `data:text/plain;base64,${github}` }),
    secret: github,
  },
  {
    note: 'after an image data URI in HTML',
    value: () => ({ html: `<img src="data:image/png;base64,iVBORw0KGgo="> token ${github}` }),
    secret: github,
  },
  // Key-aware detection: a secret-looking value under a secret-named property.
  {
    note: 'aws_secret_access_key property',
    value: () => ({ aws_secret_access_key: awsSecret }),
    secret: awsSecret,
  },
  {
    note: 'STS credentials',
    value: () => ({
      Credentials: {
        AccessKeyId: stsAccessKeyId,
        SecretAccessKey: awsSecret,
        SessionToken: stsSessionToken,
        Expiration: '2026-12-02T14:00:00Z',
      },
    }),
    secret: awsSecret,
  },
  {
    note: 'STS session token',
    value: () => ({ Credentials: { SessionToken: stsSessionToken } }),
    secret: stsSessionToken,
  },
  { note: 'client_secret', value: () => ({ client_secret: clientSecret }), secret: clientSecret },
  { note: 'clientSecret', value: () => ({ clientSecret }), secret: clientSecret },
  { note: 'apiKey', value: () => ({ apiKey: clientSecret }), secret: clientSecret },
  { note: 'X-Api-Key header', value: () => ({ 'X-Api-Key': clientSecret }), secret: clientSecret },
  { note: 'access_token', value: () => ({ access_token: clientSecret }), secret: clientSecret },
  { note: 'passphrase with spaces', value: () => ({ password }), secret: password },
  {
    note: 'db_password',
    value: () => ({ db_password: 'hunter2hunter2' }),
    secret: 'hunter2hunter2',
  },
  {
    note: 'Authorization header',
    value: () => ({ headers: { Authorization: `Bearer ${bearer}` } }),
    secret: bearer,
  },
  { note: 'private_key', value: () => ({ private_key: clientSecret }), secret: clientSecret },
  // The same in text: settings, env files, JSON inside a string.
  {
    note: 'password= in text',
    value: () => ({ log: `connecting with password=${clientSecret} now` }),
    secret: clientSecret,
  },
  {
    note: 'env file',
    value: () => ({ file: `NODE_ENV=production\nGITHUB_TOKEN=${clientSecret}\n` }),
    secret: clientSecret,
  },
  {
    note: 'JSON text',
    value: () => ({ body: JSON.stringify({ client_secret: clientSecret }) }),
    secret: clientSecret,
  },
  {
    note: 'STS JSON text',
    value: () => ({ body: JSON.stringify({ SecretAccessKey: awsSecret }) }),
    secret: awsSecret,
  },
  {
    note: 'Authorization header in text',
    value: () => ({ request: `GET / HTTP/1.1\r\nAuthorization: Bearer ${bearer}\r\n` }),
    secret: bearer,
  },
  {
    note: 'token in a URL query',
    value: () => ({ url: `https://api.example.com/cb?access_token=${clientSecret}&x=1` }),
    secret: clientSecret,
  },
  // Secrets as object keys.
  { note: 'an object key', value: () => ({ [github]: true }), secret: github },
  { note: 'a nested object key', value: () => ({ users: { [github]: { n: 1 } } }), secret: github },
  // What will actually be serialised (or printed): toJSON, Maps, Sets, instances, Errors.
  {
    note: 'toJSON',
    value: () => ({ item: { toJSON: () => ({ token: github }) } }),
    secret: github,
  },
  {
    note: 'toJSON returning a string',
    value: () => ({ item: { hidden: 1, toJSON: () => `key ${github}` } }),
    secret: github,
  },
  { note: 'Map value', value: () => ({ map: new Map([['a', github]]) }), secret: github },
  { note: 'Map key', value: () => ({ map: new Map([[github, 1]]) }), secret: github },
  {
    note: 'Map under a secret name',
    value: () => new Map([['password', 'hunter2hunter2']]),
    secret: 'hunter2hunter2',
  },
  { note: 'Set item', value: () => ({ set: new Set(['x', github]) }), secret: github },
  { note: 'class instance', value: () => ({ account: new Account(github) }), secret: github },
  {
    note: 'class instance, secret-named field',
    value: () => ({ account: new Account(clientSecret) }),
    secret: clientSecret,
  },
  { note: 'Error message', value: () => ({ error: new Error(`bad ${github}`) }), secret: github },
  { note: 'boxed string', value: () => ({ text: new String(github) }), secret: github },
  { note: 'deep in arrays', value: () => [[[{ a: [github] }]]], secret: github },
];

/** Deterministic pseudo-random bytes as base64 (an image-sized blob of random letters). */
function randomBase64(bytes: number, seed: number): string {
  const data = new Uint8Array(bytes);
  let state = seed;
  for (let index = 0; index < bytes; index++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    data[index] = state >>> 24;
  }
  return Buffer.from(data).toString('base64');
}

export const ordinary: readonly { readonly note: string; readonly value: unknown }[] = [
  { note: 'prose', value: { text: 'just a normal sentence about passwords and keys' } },
  { note: 'prose with a colon', value: { text: 'the password: must have 8 characters' } },
  { note: 'prose, rotate', value: { text: 'Rotate the secret: every 90 days, token: see docs' } },
  { note: 'placeholder in text', value: { text: 'set api_key=YOUR_API_KEY in .env' } },
  { note: 'template in text', value: { text: `password=${'$'}{DB_PASSWORD} from the vault` } },
  { note: 'token_type', value: { token_type: 'Bearer', expires_in: 3600 } },
  { note: 'max_tokens', value: { max_tokens: '4096', tokenizer: 'cl100k_base' } },
  { note: 'page token', value: { next_page_token: 'CiAKGjBpNDd2Nmp2Zml2cXRwYjBp' } },
  {
    note: 'cursor in a URL',
    value: { url: 'https://api.example.com/items?page_token=Ab12Cd34Ef' },
  },
  { note: 'authorization prose', value: { text: 'Authorization: required for every request' } },
  { note: 'masked password', value: { password: '********' } },
  { note: 'env reference', value: { secret: `${'$'}{SECRET}`, api_key: 'YOUR_API_KEY' } },
  { note: 'redacted marker', value: { token: '[REDACTED:github-token]' } },
  { note: 'short password flag', value: { password_policy: 'strong', auth: 'oauth2' } },
  { note: 'auth method', value: { authMethod: 'client_secret_post' } },
  { note: 'names that contain "key"', value: { keyboard: 'qwerty12345', monkey: 'banana123' } },
  { note: 'secret santa', value: { secret_santa: 'alice-and-bob' } },
  { note: 'key id', value: { AccessKeyId: 'not-a-key-id-format' } },
  { note: 'UUID', value: { id: '123e4567-e89b-12d3-a456-426614174000' } },
  { note: 'git SHA', value: { commit: '9fceb02d0ae598e95dc970b74767f19372d61af8' } },
  { note: 'version', value: { version: '1.2.3-beta.4' } },
  { note: 'phone', value: { text: 'call +1 415 555 0100' } },
  { note: 'skateboard', value: { text: 'the sk-8 is a skateboard' } },
  { note: 'lone JWT header', value: { text: 'eyJhbGciOiJIUzI1NiJ9 alone is not a token' } },
  { note: 'Luhn failure', value: { text: '4111 1111 1111 1112' } },
  { note: 'Map of ordinary values', value: new Map([['a', 'b']]) },
  { note: 'Date (toJSON)', value: { at: new Date(0) } },
  {
    note: 'a 150 KB random image',
    value: { image: `data:image/png;base64,${randomBase64(150_000, 7)}` },
  },
  { note: 'a 150 KB random base64 blob', value: { blob: randomBase64(150_000, 11) } },
];
