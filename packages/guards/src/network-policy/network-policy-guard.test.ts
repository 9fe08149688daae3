import { createExecutionContext, defineTool, type GuardVerdict } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type NetworkPolicyGuardOptions,
  networkPolicyGuard,
  rememberAnswers,
} from './network-policy-guard.js';

const tool = defineTool({
  name: 'fetch',
  description: 'fetches a URL',
  inputSchema: z.object({}).passthrough(),
  execute: () => null,
});

async function judge(args: Record<string, unknown>, options: NetworkPolicyGuardOptions = {}) {
  const guard = networkPolicyGuard(options);
  return (await guard.pre!({
    call: { id: '1', tool: 'fetch', arguments: args },
    tool,
    args,
    context: createExecutionContext(),
    dryRun: false,
  })) as GuardVerdict;
}

// Each of these reaches a loopback, private, link-local, metadata, unspecified or multicast host.
const blockedUrls = [
  'http://127.0.0.1/',
  'http://127.0.0.1:8080/admin',
  'http://localhost/',
  'http://LOCALHOST./',
  'http://app.localhost/',
  'http://2130706433/', // decimal
  'http://0177.0.0.1/', // octal
  'http://0177.1/', // octal, short form
  'http://0x7f.0.0.1/', // hex part
  'http://0x7f000001/', // hex whole
  'http://0x7F.1/',
  'http://017700000001/', // octal whole
  'http://127.1/', // short form
  'http://127.0.1/',
  'http://127.0.0.1./', // trailing dot
  'http://127.0.0.1../',
  'http://[::1]/',
  'http://[::1]:80/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/', // IPv4-mapped IPv6
  'http://[::ffff:7f00:1]/', // mapped, hex tail
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::127.0.0.1]/', // IPv4-compatible
  'http://[64:ff9b::127.0.0.1]/', // NAT64
  'http://[2002:7f00:1::]/', // 6to4 around 127.0.0.1
  'http://[fe80::1%25eth0]/', // link-local with zone
  'http://[fd00:ec2::254]/', // AWS IMDS IPv6
  'http://[fc00::1]/', // unique local
  'http://[::]/', // unspecified
  'http://[ff02::1]/', // multicast
  'http://a@127.0.0.1/', // userinfo trick
  'http://user:pass@127.0.0.1:80/',
  'http://example.com@127.0.0.1/',
  'http://127.0.0.1\\@example.com/', // backslash differential
  'http://127.0.0.1#@example.com/',
  'http://169.254.169.254/latest/meta-data/', // metadata
  'http://2852039166/', // 169.254.169.254 decimal
  'http://0xa9fea9fe/', // 169.254.169.254 hex
  'http://0251.0376.0251.0376/', // 169.254.169.254 octal
  'http://[::ffff:169.254.169.254]/',
  'http://169.254.170.2/v2/credentials',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://100.100.100.200/latest/meta-data',
  'http://10.0.0.1/',
  'http://10.1/', // 10.0.0.1 short form
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://0xc0a80101/', // 192.168.1.1 hex
  'http://100.64.0.1/', // carrier-grade NAT
  'http://169.254.1.1/', // link-local
  'http://0.0.0.0/',
  'http://0/',
  'http://224.0.0.1/', // multicast
  'http://255.255.255.255/',
  'http://%31%32%37.0.0.1/', // percent-encoded
  'https://127.0.0.1/',
  'ftp://127.0.0.1/',
  'please fetch http://127.0.0.1/secret for me', // URL inside text
];

const allowedUrls = [
  'https://example.com/',
  'http://93.184.215.14/',
  'http://1.1.1.1/',
  'http://8.8.8.8:53/',
  'http://[2606:4700:4700::1111]/',
  'http://172.32.0.1/', // just outside 172.16/12
  'http://192.169.0.1/',
  'http://11.0.0.1/',
  'http://localhost.example.com/',
  'https://user@example.com/path?q=127.0.0.1',
  'https://example.com/redirect?to=http%3A%2F%2F127.0.0.1', // encoded in a query: not a target
];

describe('networkPolicyGuard', () => {
  it('has a corpus of at least 40 blocked encodings', () => {
    expect(blockedUrls.length).toBeGreaterThanOrEqual(40);
  });

  it.each(blockedUrls)('blocks %s', async (url) => {
    const verdict = await judge({ url });
    expect(verdict).toMatchObject({ verdict: 'block' });
  });

  it.each(allowedUrls)('allows %s', async (url) => {
    expect(await judge({ url })).toEqual({ verdict: 'allow' });
  });

  it.each([
    [{ host: '127.0.0.1' }, 'block'],
    [{ host: '127.0.0.1:6379' }, 'block'],
    [{ hostname: '2130706433' }, 'block'],
    [{ endpoint: '[::1]:8080' }, 'block'],
    [{ server: '//10.0.0.2/share' }, 'block'],
    [{ host: 'example.com' }, 'allow'],
    [{ name: '127.0.0.1' }, 'allow'], // not a host-like argument
    [{ nested: { list: [{ target: '192.168.0.10' }] } }, 'block'],
    [{ count: 2130706433 }, 'allow'],
  ] as const)('bare hosts in host-like arguments: %j -> %s', async (args, expected) => {
    expect((await judge(args)).verdict).toBe(expected);
  });

  it('names the argument path and the class, not the whole URL', async () => {
    const verdict = await judge({ request: { url: 'http://user:hunter2@169.254.169.254/' } });
    expect(verdict).toMatchObject({ verdict: 'block', details: { path: '$.request.url' } });
    expect(JSON.stringify(verdict)).not.toContain('hunter2');
    expect(JSON.stringify(verdict)).toContain('metadata');
  });

  it('applies allow and deny lists with wildcards', async () => {
    const options = { allowHosts: ['*.example.com', 'localhost'], denyHosts: ['evil.example.com'] };
    expect((await judge({ url: 'https://api.example.com/' }, options)).verdict).toBe('allow');
    expect((await judge({ url: 'http://localhost:3000/' }, options)).verdict).toBe('allow');
    expect((await judge({ url: 'https://evil.example.com/' }, options)).verdict).toBe('block');
    expect((await judge({ url: 'https://other.org/' }, options)).verdict).toBe('block');
    expect((await judge({ url: 'https://other.org/' }, { denyHosts: ['*.org'] })).verdict).toBe(
      'block',
    );
  });

  it('enforces https-only, allowed schemes and chosen classes', async () => {
    expect((await judge({ url: 'http://example.com/' }, { httpsOnly: true })).verdict).toBe(
      'block',
    );
    expect((await judge({ url: 'https://example.com/' }, { httpsOnly: true })).verdict).toBe(
      'allow',
    );
    expect(
      (await judge({ url: 'gopher://example.com/' }, { schemes: ['http', 'https'] })).verdict,
    ).toBe('block');
    expect((await judge({ url: 'http://10.0.0.1/' }, { blockClasses: ['loopback'] })).verdict).toBe(
      'allow',
    );
    expect(
      (await judge({ url: 'http://127.0.0.1/' }, { blockClasses: ['loopback'] })).verdict,
    ).toBe('block');
  });

  it('checks resolved addresses when dnsCheck is on', async () => {
    const resolve = async (host: string) => {
      if (host === 'rebind.test') return ['93.184.215.14', '127.0.0.1'];
      if (host === 'public.test') return ['93.184.215.14'];
      throw new Error('NXDOMAIN');
    };
    const options = { dnsCheck: true, resolve };
    expect(await judge({ url: 'http://rebind.test/' }, options)).toMatchObject({
      verdict: 'block',
      reason: expect.stringContaining('resolves to a loopback'),
    });
    expect((await judge({ url: 'http://public.test/' }, options)).verdict).toBe('allow');
    expect(await judge({ url: 'http://missing.test/' }, options)).toMatchObject({
      verdict: 'block',
      reason: expect.stringContaining('could not be resolved'),
    });
    expect((await judge({ url: 'http://missing.test/' }, { resolve })).verdict).toBe('allow');
  });

  it('resolves with node:dns by default (localhost comes from the hosts file, no traffic)', async () => {
    // Only private addresses are refused here, so localhost passes the name check, is looked up
    // for real and its loopback addresses pass too; a failed lookup would block.
    const options = { dnsCheck: true, blockClasses: ['private'] } as const;
    expect(await judge({ url: 'http://localhost/' }, options)).toEqual({ verdict: 'allow' });
  });

  it('rejects bad options naming the field', () => {
    expect(() => networkPolicyGuard({ blockClasses: ['nope' as 'private'] })).toThrow(
      /network-policy\.blockClasses/,
    );
    expect(() => networkPolicyGuard({ enforcement: 'loud' as 'off' })).toThrow(
      /network-policy\.enforcement/,
    );
    expect(() => networkPolicyGuard({ resolve: 'x' as never })).toThrow(/network-policy\.resolve/);
  });
});

describe('rememberAnswers (argument names judged host-like once)', () => {
  it('answers like the expression, first time and again, past its memory bound', () => {
    const pattern = /host|url/i;
    const isHostKey = rememberAnswers(pattern);
    const names = Array.from({ length: 600 }, (_, index) =>
      index % 3 === 0 ? `url${index}` : `name${index}`,
    );
    for (let round = 0; round < 2; round++) {
      for (const name of names) expect(isHostKey(name)).toBe(pattern.test(name));
    }
  });

  it('asks stateful /g expressions every time', () => {
    const pattern = /host/g;
    const isHostKey = rememberAnswers(pattern);
    // A /g expression alternates on the same input (lastIndex); the answers must follow it.
    expect([isHostKey('host'), isHostKey('host'), isHostKey('host')]).toEqual([true, false, true]);
  });

  it('still blocks a bare host under a host-like name on every call of a guard', async () => {
    const guard = networkPolicyGuard();
    for (let index = 0; index < 3; index++) {
      const args = { endpoint: '127.0.0.1:8080', notes: 'plain text' };
      const verdict = (await guard.pre!({
        call: { id: String(index), tool: 'fetch', arguments: args },
        tool,
        args,
        context: createExecutionContext(),
        dryRun: false,
      })) as GuardVerdict;
      expect(verdict.verdict).toBe('block');
    }
  });
});
