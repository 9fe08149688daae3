import { createExecutionContext, defineTool, type GuardVerdict } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allowed, blocked } from '../__fixtures__/ssrf-corpus.js';
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

describe('networkPolicyGuard', () => {
  it('has a corpus of at least 130 blocked forms', () => {
    expect(blocked.length).toBeGreaterThanOrEqual(130);
  });

  it.each(blocked)('blocks $note', async ({ args }) => {
    expect(await judge(args)).toMatchObject({ verdict: 'block' });
  });

  it.each(allowed)('allows $note', async ({ args }) => {
    expect(await judge(args)).toEqual({ verdict: 'allow' });
  });

  // The attacks of issue 9, one by one, under the defaults, with schemes http/https and in strict.
  it.each([
    ['http:127.0.0.1/health', 'loopback'],
    ['http:/127.0.0.1/', 'loopback'],
    ['http:\\\\127.0.0.1/', 'loopback'],
    ['https:169.254.169.254/latest/meta-data/', 'metadata'],
    ['file:///etc/passwd', 'scheme "file"'],
    ['\uff11\uff12\uff17.\uff10.\uff10.\uff11', 'loopback'],
    ['127\u30020\u30020\u30021', 'loopback'],
  ])('issue 9: %s is refused (%s)', async (value, why) => {
    for (const options of [
      {},
      { schemes: ['http', 'https'] },
      { httpsOnly: true, dnsCheck: true, resolve: async () => ['93.184.215.14'] },
    ]) {
      for (const key of ['url', 'ip', 'href', 'link', 'proxy', 'note']) {
        const verdict = await judge({ [key]: value }, options);
        expect(verdict, `${key} ${JSON.stringify(options)}`).toMatchObject({ verdict: 'block' });
      }
    }
    const verdict = await judge({ url: value });
    expect(verdict.verdict === 'block' && verdict.reason).toContain(why);
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

  it('lets a bare single-label word that does not resolve through, but checks one that does', async () => {
    const resolve = async (host: string) => {
      if (host === 'redis') return ['172.18.0.3'];
      throw new Error(`ENOTFOUND ${host}`);
    };
    const options = { dnsCheck: true, resolve };
    expect(await judge({ target: 'production', server: 'main' }, options)).toEqual({
      verdict: 'allow',
    });
    expect((await judge({ host: 'redis' }, options)).verdict).toBe('block');
    expect((await judge({ url: 'http://production/' }, options)).verdict).toBe('block');
    expect((await judge({ host: 'db.internal' }, options)).verdict).toBe('block');
  });

  it('refuses a host whose lookup outlasts dnsTimeoutMs', async () => {
    const options = {
      dnsCheck: true,
      dnsTimeoutMs: 20,
      resolve: () => new Promise<never>(() => {}),
    };
    expect(await judge({ url: 'https://slow.test/' }, options)).toMatchObject({
      verdict: 'block',
      reason: expect.stringContaining('could not be resolved'),
    });
  });

  it('judges address-shaped values under ordinary names by class only: no lists, no lookups', async () => {
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return ['93.184.215.14'];
    };
    const options = { allowHosts: ['*.example.com'], dnsCheck: true, resolve };
    expect(await judge({ file: 'report.pdf', note: 'see notes.txt' }, options)).toEqual({
      verdict: 'allow',
    });
    expect((await judge({ note: '10.0.0.5' }, options)).verdict).toBe('block');
    expect((await judge({ url: 'https://other.org/' }, options)).verdict).toBe('block');
    expect((await judge({ url: 'https://api.example.com/', file: 'a.b' }, options)).verdict).toBe(
      'allow',
    );
    expect(
      (await judge({ file: 'report.pdf', host: 'db.test' }, { dnsCheck: true, resolve })).verdict,
    ).toBe('allow');
    expect(asked).toEqual(['db.test']);
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
    expect(() => networkPolicyGuard({ dnsTimeoutMs: 0 })).toThrow(/network-policy\.dnsTimeoutMs/);
    expect(() => networkPolicyGuard({ dnsCacheMs: -1 })).toThrow(/network-policy\.dnsCacheMs/);
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
