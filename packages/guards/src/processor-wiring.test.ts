import { createProcessor, createRegistry, defineTool, type TpEvent } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { budgetGuard } from './budget-guard.js';
import { networkPolicyGuard } from './network-policy/network-policy-guard.js';
import { sensitiveDataGuard } from './sensitive-data/sensitive-data-guard.js';

// Built from parts so secret scanners do not flag the test file.
const secret = 'ghp_' + 'S3cr3tT0kenValue'.repeat(3);

function setup() {
  const reached: unknown[] = [];
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'fetch',
      description: 'pretends to fetch a URL',
      inputSchema: z.object({ url: z.string() }),
      execute: (args) => {
        reached.push(args);
        return { status: 200, url: args.url };
      },
    }),
    defineTool({
      name: 'leak',
      description: 'returns a secret it was given and one of its own',
      inputSchema: z.object({ note: z.string() }),
      execute: (args) => {
        reached.push(args);
        return { echoed: args.note, config: { token: secret } };
      },
    }),
    defineTool({
      name: 'reject',
      description: 'fails, quoting the secret it was configured with',
      inputSchema: z.object({}),
      execute: () => {
        throw new Error(`upstream refused token ${secret}`);
      },
    }),
  );
  const processor = createProcessor({
    registry,
    guards: [networkPolicyGuard(), sensitiveDataGuard({ mode: 'redact' })],
  });
  const events: TpEvent[] = [];
  processor.events.onAny((event) => events.push(event));
  return { processor, reached, events };
}

describe('guards end to end through createProcessor', () => {
  it('a blocked call never reaches the runtime', async () => {
    const { processor, reached, events } = setup();
    const [result] = await processor.process({
      id: 'c1',
      tool: 'fetch',
      arguments: { url: 'http://0x7f.1:8080/admin' },
    });
    expect(result).toMatchObject({
      ok: false,
      attempts: 0,
      error: { code: 'GUARD_BLOCKED', details: { guard: 'network-policy', phase: 'pre' } },
    });
    expect(result!.error!.message).toContain('loopback');
    expect(reached).toEqual([]);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'guard:verdict',
        guard: 'network-policy',
        verdict: 'block',
        applied: 'block',
      }),
    );
  });

  it('a redacted secret never appears in the result or in any emitted event', async () => {
    const { processor, reached, events } = setup();
    const [result] = await processor.process([
      { id: 'c2', tool: 'leak', arguments: { note: `my token is ${secret}` } },
    ]);
    expect(result).toMatchObject({
      ok: true,
      value: {
        echoed: 'my token is [REDACTED:github-token]',
        config: { token: '[REDACTED:github-token]' },
      },
    });
    // The tool itself got the redacted argument (pre), and its output was redacted (post).
    expect(JSON.stringify(reached)).not.toContain(secret);
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(JSON.stringify(event)).not.toContain(secret);
    expect(result!.warnings?.map((warning) => warning.source)).toEqual([
      'guard:sensitive-data',
      'guard:sensitive-data',
    ]);
  });

  it('an error that quotes a secret is withheld from the result and every event', async () => {
    const { processor, events } = setup();
    const [result] = await processor.process({ id: 'c3', tool: 'reject', arguments: {} });
    expect(result).toMatchObject({
      ok: false,
      attempts: 1,
      error: { code: 'GUARD_BLOCKED', details: { guard: 'sensitive-data', phase: 'post' } },
    });
    expect(JSON.stringify(result)).not.toContain(secret);
    for (const event of events) expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('dry run reports the verdicts and runs nothing', async () => {
    const { processor, reached, events } = setup();
    const results = await processor.process(
      [
        { id: 'ok', tool: 'fetch', arguments: { url: 'https://example.com/' } },
        { id: 'bad', tool: 'fetch', arguments: { url: 'http://[::ffff:169.254.169.254]/' } },
      ],
      { dryRun: true },
    );
    expect(reached).toEqual([]);
    expect(results[0]).toMatchObject({ ok: true, value: { dryRun: true, wouldRun: true } });
    expect(results[1]).toMatchObject({
      ok: false,
      error: { code: 'GUARD_BLOCKED' },
      value: { dryRun: true, wouldRun: false, rejectedBy: 'guards' },
    });
    expect(events.every((event) => event.type !== 'guard:verdict' || event.dryRun)).toBe(true);
  });

  it('a budget spans the turns of a caller-given requestId until processor.endRequest', async () => {
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'roll',
        description: 'rolls a die',
        inputSchema: z.object({}),
        execute: () => 4,
      }),
    );
    const processor = createProcessor({ registry, guards: [budgetGuard({ maxCalls: 2 })] });
    const turn = { context: { requestId: 'agent-run-7' } };
    const roll = (id: string) => ({ id, tool: 'roll', arguments: {} });

    const first = await processor.execute([roll('1'), roll('2')], turn);
    const second = await processor.execute([roll('3')], turn);
    const elsewhere = await processor.execute([roll('4')]);
    processor.endRequest('agent-run-7');
    const afterEnd = await processor.execute([roll('5')], turn);

    expect(first.map((result) => result.ok)).toEqual([true, true]);
    expect(second[0]!.error?.code).toBe('GUARD_BLOCKED');
    expect(elsewhere[0]!.ok).toBe(true);
    expect(afterEnd[0]!.ok).toBe(true);
  });
});
