import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { GuardEnforcement, GuardV1 } from '../contracts/guard/v1/guard-v1.js';
import { defineTool } from '../define-tool.js';
import type { TpEvent } from '../events/event-bus.js';
import { createProcessor } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';

const SECRET = 'S3CR3T-VALUE';

/** Withholds anything quoting SECRET; blocks `text: "block"` quoting the argument it got. */
function secretKeeper(enforcement: GuardEnforcement = 'block'): GuardV1 {
  return {
    specificationVersion: 'v1',
    name: 'keeper',
    enforcement,
    withholds: (value) => JSON.stringify(value).includes(SECRET),
    post: () => ({ verdict: 'allow' }),
  };
}

const quoting: GuardV1 = {
  specificationVersion: 'v1',
  name: 'quoting',
  pre: ({ args }) =>
    args.note === 'block'
      ? { verdict: 'block', reason: `refused ${String(args.key)}`, details: { key: args.key } }
      : args.note === 'warn'
        ? { verdict: 'warn', reason: `look at ${String(args.key)}` }
        : { verdict: 'allow' },
};

function setup(guards: GuardV1[]) {
  const registry = createRegistry();
  let runs = 0;
  registry.register(
    defineTool({
      name: 'flaky',
      description: 'fails once quoting the secret, then succeeds',
      inputSchema: z.object({ note: z.string(), key: z.string() }).strict(),
      execute: () => {
        if (runs++ === 0) throw new Error(`refused ${SECRET}`);
        return 'ok';
      },
    }),
  );
  const processor = createProcessor({
    registry,
    guards,
    retry: { maxAttempts: 2, baseDelayMs: 1, jitter: 'none' },
  });
  const events: TpEvent[] = [];
  processor.events.onAny((event) => events.push(event));
  return { processor, events };
}

describe('guards that withhold data (GuardV1.withholds)', () => {
  it('keep it out of retry:scheduled, GUARD_BLOCKED messages, warnings and guard:verdict', async () => {
    const { processor, events } = setup([quoting, secretKeeper()]);
    const results = await processor.execute([
      { id: 'retried', tool: 'flaky', arguments: { note: 'run', key: 'k' } },
      { id: 'blocked', tool: 'flaky', arguments: { note: 'block', key: SECRET } },
      { id: 'warned', tool: 'flaky', arguments: { note: 'warn', key: SECRET } },
    ]);
    expect(results[0]).toMatchObject({ ok: true, attempts: 2 });
    expect(results[1]).toMatchObject({
      ok: false,
      error: {
        code: 'GUARD_BLOCKED',
        details: { reason: 'the reason was withheld by guard "keeper"' },
      },
    });
    expect(results[1]!.error!.details).not.toHaveProperty('guardDetails');
    expect(results[2]!.warnings).toEqual([
      expect.objectContaining({ message: 'the reason was withheld by guard "keeper"' }),
    ]);
    const retry = events.find((event) => event.type === 'retry:scheduled');
    expect(retry).toMatchObject({
      error: {
        code: 'TOOL_EXECUTION_FAILED',
        message: 'the error\'s message was withheld by guard "keeper"',
      },
    });
    expect(events.some((event) => event.type === 'guard:verdict')).toBe(true);
    for (const item of [...events, ...results]) expect(JSON.stringify(item)).not.toContain(SECRET);
  });

  it('keep it out of errors of calls refused before the guards stage (validation, unknown tool)', async () => {
    const { processor, events } = setup([secretKeeper()]);
    const results = await processor.execute([
      { id: 'invalid', tool: 'flaky', arguments: { note: 'x', key: 'k', [SECRET]: 1 } },
      { id: 'unknown', tool: `no-${SECRET}`, arguments: {} },
    ]);
    expect(results[0]).toMatchObject({
      ok: false,
      error: {
        code: 'TOOL_VALIDATION_ERROR',
        message: 'the error\'s message was withheld by guard "keeper"',
      },
    });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'TOOL_NOT_FOUND' } });
    for (const result of results) expect(JSON.stringify(result.error)).not.toContain(SECRET);
    const ends = events.filter((event) => event.type === 'call:end');
    expect(ends).toHaveLength(2);
    for (const event of ends) {
      expect(JSON.stringify(event.type === 'call:end' && event.result.error)).not.toContain(SECRET);
    }
  });

  it('keep it out of parse issues, which quote model output', async () => {
    const { processor, events } = setup([secretKeeper()]);
    const text = `<tool_call>{"name": "flaky", "arguments": {"key": "${SECRET}"`;
    const [result] = await processor.process(text);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'PARSER_ERROR',
        message: 'hermes: the problem\'s description was withheld by guard "keeper" at offset 11',
      },
    });
    expect(events.map((event) => event.type)).toContain('parse:issue');
    for (const item of [...events, result]) expect(JSON.stringify(item)).not.toContain(SECRET);
    const shown = setup([]);
    const [plain] = await shown.processor.process(text);
    expect(JSON.stringify(plain)).toContain(SECRET); // the case is real
  });

  it('are not asked at warn enforcement, and one that throws withholds', async () => {
    const shadow = setup([quoting, secretKeeper('warn')]);
    const [shown] = await shadow.processor.execute([
      { id: '1', tool: 'flaky', arguments: { note: 'block', key: SECRET } },
    ]);
    expect(shown!.error!.message).toContain(SECRET);

    const throwing: GuardV1 = {
      specificationVersion: 'v1',
      name: 'throwing',
      withholds: () => {
        throw new Error('broken');
      },
      post: () => ({ verdict: 'allow' }),
    };
    const closed = setup([quoting, throwing]);
    const [withheld] = await closed.processor.execute([
      { id: '1', tool: 'flaky', arguments: { note: 'block', key: 'plain' } },
    ]);
    expect(withheld!.error!.message).toContain('withheld by guard "throwing"');
  });
});
