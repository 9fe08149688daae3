import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { CallMiddleware } from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { GuardV1, GuardVerdict } from '../contracts/guard/v1/guard-v1.js';
import type { ToolCall } from '../contracts/tool-call.js';
import { defineTool } from '../define-tool.js';
import type { TpEvent } from '../events/event-bus.js';
import { createProcessor } from '../processor/create-processor.js';
import type { DryRunReport } from '../processor/dry-run.js';
import { createRegistry } from '../registry/registry.js';

function setup(guards: GuardV1[], extra: { middleware?: CallMiddleware[] } = {}) {
  const ran: Array<{ tool: string; args: unknown }> = [];
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'echo',
      description: 'returns its text',
      inputSchema: z.object({ text: z.string() }),
      cost: 2,
      metadata: { estimatedMs: 40 },
      execute: (args) => {
        ran.push({ tool: 'echo', args });
        return args.text;
      },
    }),
    defineTool({
      name: 'fail',
      description: 'always fails',
      inputSchema: z.object({}),
      execute: () => {
        ran.push({ tool: 'fail', args: {} });
        throw new Error('boom');
      },
    }),
  );
  const processor = createProcessor({ registry, guards, ...extra });
  const events: TpEvent[] = [];
  processor.events.onAny((event) => events.push(event));
  return { processor, ran, events };
}

function guard(name: string, phases: Partial<GuardV1>): GuardV1 {
  return { specificationVersion: 'v1', name, ...phases };
}

const call = (id: string, text: string): ToolCall => ({ id, tool: 'echo', arguments: { text } });
const allow: GuardVerdict = { verdict: 'allow' };

describe('guards in the processor', () => {
  it('a pre block never reaches the runtime and names the guard and reason', async () => {
    const later = vi.fn(() => allow);
    const { processor, ran } = setup([
      guard('no-x', {
        pre: ({ args }) =>
          args.text === 'x' ? { verdict: 'block', reason: 'x is forbidden' } : allow,
      }),
      guard('later', { pre: later }),
    ]);
    const [blocked, passed] = await processor.execute([call('1', 'x'), call('2', 'y')]);
    expect(blocked).toMatchObject({
      ok: false,
      attempts: 0,
      error: { code: 'GUARD_BLOCKED', category: 'guard_blocked' },
    });
    expect(blocked!.error!.message).toContain('no-x');
    expect(blocked!.error!.message).toContain('x is forbidden');
    expect(blocked!.error!.details).toMatchObject({
      guard: 'no-x',
      phase: 'pre',
      reason: 'x is forbidden',
    });
    expect(passed).toMatchObject({ ok: true, value: 'y' });
    expect(ran).toEqual([{ tool: 'echo', args: { text: 'y' } }]);
    expect(later).toHaveBeenCalledTimes(1);
  });

  it('a pre repair replaces the arguments for later guards and the tool', async () => {
    const seen: unknown[] = [];
    const { processor, ran } = setup([
      guard('upper', {
        pre: ({ args }) => ({
          verdict: 'repair',
          reason: 'upper-cased',
          value: { text: String(args.text).toUpperCase() },
        }),
      }),
      guard('spy', {
        pre: ({ args }) => {
          seen.push(args);
          return allow;
        },
      }),
    ]);
    const [result] = await processor.execute([call('1', 'abc')]);
    expect(result).toMatchObject({ ok: true, value: 'ABC' });
    expect(seen).toEqual([{ text: 'ABC' }]);
    expect(ran[0]!.args).toEqual({ text: 'ABC' });
    expect(result!.warnings).toEqual([
      expect.objectContaining({ source: 'guard:upper', message: 'upper-cased' }),
    ]);
  });

  it('repaired arguments are validated again: a repair the schema rejects never reaches the tool', async () => {
    const { processor, ran } = setup([
      guard('breaks-it', {
        pre: ({ args }) =>
          args.text === 'bad'
            ? { verdict: 'repair', reason: 'made it a number', value: { text: 42 } }
            : allow,
      }),
    ]);
    const [rejected, passed] = await processor.execute([call('1', 'bad'), call('2', 'ok')]);
    expect(rejected).toMatchObject({
      ok: false,
      attempts: 0,
      error: {
        code: 'TOOL_VALIDATION_ERROR',
        message: expect.stringMatching(
          /^a guard repaired the arguments of "echo" into ones its schema rejects: /,
        ),
        details: { repaired: true, issues: [expect.objectContaining({ path: '$.text' })] },
      },
    });
    expect(passed).toMatchObject({ ok: true, value: 'ok' });
    expect(ran).toEqual([{ tool: 'echo', args: { text: 'ok' } }]);
  });

  it('a warn is recorded on the result and emitted as an event', async () => {
    const { processor, events } = setup([
      guard('careful', { pre: () => ({ verdict: 'warn', reason: 'looks odd' }) }),
    ]);
    const [result] = await processor.execute([call('1', 'a')]);
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ source: 'guard:careful', message: 'looks odd' }],
    });
    const verdict = events.find((event) => event.type === 'guard:verdict');
    expect(verdict).toMatchObject({
      guard: 'careful',
      phase: 'pre',
      verdict: 'warn',
      applied: 'warn',
      reason: 'looks odd',
      callId: '1',
      tool: 'echo',
      dryRun: false,
    });
    expect(verdict && 'latencyUs' in verdict && verdict.latencyUs).toBeGreaterThanOrEqual(0);
  });

  it('enforcement "warn" demotes blocks and repairs; "off" skips the guard', async () => {
    const off = vi.fn(() => ({ verdict: 'block', reason: 'never asked' }) as const);
    const { processor, ran } = setup([
      guard('shadow-block', {
        enforcement: 'warn',
        pre: () => ({ verdict: 'block', reason: 'would block' }),
      }),
      guard('shadow-repair', {
        enforcement: 'warn',
        pre: () => ({ verdict: 'repair', reason: 'would repair', value: { text: 'no' } }),
      }),
      guard('disabled', { enforcement: 'off', pre: off }),
    ]);
    const [result] = await processor.execute([call('1', 'kept')]);
    expect(result).toMatchObject({ ok: true, value: 'kept' });
    expect(result!.warnings!.map((warning) => warning.message)).toEqual([
      'would block',
      'would repair',
    ]);
    expect(ran).toHaveLength(1);
    expect(off).not.toHaveBeenCalled();
  });

  it('post guards repair or block the value; a post block drops the value', async () => {
    const { processor } = setup([
      guard('post-repair', {
        post: ({ result }) =>
          result.value === 'a' ? { verdict: 'repair', reason: 'masked', value: '[masked]' } : allow,
      }),
      guard('post-block', {
        post: ({ result }) =>
          result.value === 'b' ? { verdict: 'block', reason: 'bad output' } : allow,
      }),
    ]);
    const [repaired, blocked] = await processor.execute([call('1', 'a'), call('2', 'b')]);
    expect(repaired).toMatchObject({ ok: true, value: '[masked]' });
    expect(blocked).toMatchObject({
      ok: false,
      attempts: 1,
      error: { code: 'GUARD_BLOCKED', details: { guard: 'post-block', phase: 'post' } },
    });
    expect(blocked).not.toHaveProperty('value');
  });

  it('post guards see failed outcomes; a repair of a failure becomes a warning', async () => {
    const { processor } = setup([
      guard('post', {
        post: ({ result }) =>
          result.ok ? allow : { verdict: 'repair', reason: 'cannot fix', value: 'x' },
      }),
    ]);
    const [result] = await processor.execute([{ id: '1', tool: 'fail', arguments: {} }]);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'TOOL_EXECUTION_FAILED' },
      warnings: [{ message: 'cannot fix' }],
    });
  });

  it('a guard that throws or answers nonsense blocks (fail closed)', async () => {
    const { processor, ran } = setup([
      guard('thrower', {
        pre: ({ args }) => {
          if (args.text === 'a') throw new Error('kaput');
          return allow;
        },
      }),
      guard('nonsense', {
        pre: ({ args }) =>
          args.text === 'b' ? ({ verdict: 'maybe' } as unknown as GuardVerdict) : allow,
      }),
      guard('repair-no-value', {
        pre: ({ args }) =>
          args.text === 'c' ? ({ verdict: 'repair', reason: 'r' } as GuardVerdict) : allow,
      }),
      guard('bad-repair', {
        pre: ({ args }) =>
          args.text === 'd' ? { verdict: 'repair', reason: 'r', value: 'not an object' } : allow,
      }),
      guard('async', { pre: async () => allow }),
    ]);
    const results = await processor.execute([
      call('1', 'a'),
      call('2', 'b'),
      call('3', 'c'),
      call('4', 'd'),
      call('5', 'e'),
    ]);
    expect(results.map((result) => result.error?.code ?? 'ok')).toEqual([
      'GUARD_BLOCKED',
      'GUARD_BLOCKED',
      'GUARD_BLOCKED',
      'GUARD_BLOCKED',
      'ok',
    ]);
    expect(results[0]!.error!.message).toContain('kaput');
    expect(ran).toHaveLength(1);
  });

  it('plan guards see the batch with resolved tools and block named calls or all', async () => {
    let seen: unknown;
    const { processor, ran } = setup([
      guard('names', {
        plan: ({ calls }) => {
          seen = calls.map((planned) => [planned.call.id, planned.tool?.name]);
          return { verdict: 'block', reason: 'second is bad', callIds: ['2'] };
        },
      }),
      guard('warns', { plan: () => ({ verdict: 'warn', reason: 'big plan' }) }),
    ]);
    const results = await processor.execute([
      call('1', 'a'),
      call('2', 'b'),
      { id: '3', tool: 'nope', arguments: {} },
    ]);
    expect(seen).toEqual([
      ['1', 'echo'],
      ['2', 'echo'],
      ['3', undefined],
    ]);
    expect(results[0]).toMatchObject({ ok: true, warnings: [{ message: 'big plan' }] });
    expect(results[1]).toMatchObject({
      ok: false,
      attempts: 0,
      error: { code: 'GUARD_BLOCKED', details: { guard: 'names', phase: 'plan' } },
    });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'TOOL_NOT_FOUND' } });
    expect(ran).toHaveLength(1);

    const all = setup([guard('stop', { plan: () => ({ verdict: 'block', reason: 'no' }) })]);
    const blocked = await all.processor.execute([call('1', 'a'), call('2', 'b')]);
    expect(blocked.every((result) => result.error?.code === 'GUARD_BLOCKED')).toBe(true);
    expect(all.ran).toHaveLength(0);
  });

  it('settle runs for guards whose pre let the call through', async () => {
    const settled: string[] = [];
    const { processor } = setup([
      guard('first', {
        pre: () => allow,
        settle: ({ result }) => settled.push(`first:${result.ok}`),
      }),
      guard('blocker', {
        pre: ({ args }) => (args.text === 'x' ? { verdict: 'block', reason: 'x' } : allow),
        settle: () => settled.push('blocker'),
      }),
    ]);
    await processor.execute([call('1', 'x')]);
    expect(settled).toEqual(['first:false']);
    await processor.execute([call('2', 'y')]);
    expect(settled).toEqual(['first:false', 'first:true', 'blocker']);
  });

  it('a generated request id ends with its call; a caller-given one spans calls until endRequest', async () => {
    const ended: string[] = [];
    let calls = 0;
    const { processor } = setup([
      guard('budget', {
        pre: () => (++calls > 2 ? { verdict: 'block', reason: 'budget spent' } : allow),
        endRequest: (context) => {
          ended.push(context.requestId);
          calls = 0;
        },
      }),
    ]);
    await processor.execute([call('1', 'a')]);
    expect(ended).toHaveLength(1);

    const turn = { context: { requestId: 'run-1' } };
    const first = await processor.execute([call('2', 'a'), call('3', 'b')], turn);
    const second = await processor.execute([call('4', 'c')], turn);
    expect(first.every((result) => result.ok)).toBe(true);
    expect(second[0]!.error?.code).toBe('GUARD_BLOCKED');
    expect(ended).toHaveLength(1);

    processor.endRequest('run-1');
    expect(ended.at(-1)).toBe('run-1');
    const fresh = await processor.execute([call('5', 'd')], turn);
    expect(fresh[0]!.ok).toBe(true);
  });

  it('processBatch: plan guards judge each chunk, per-request state spans the batch', async () => {
    const plans: number[] = [];
    const ended: string[] = [];
    let seen = 0;
    const { processor, ran } = setup([
      guard('counter', {
        plan: ({ calls }) => {
          plans.push(calls.length);
          return { verdict: 'block', reason: 'first of chunk', callIds: [calls[0]!.call.id] };
        },
        pre: () => (++seen > 3 ? { verdict: 'block', reason: 'budget spent' } : allow),
        endRequest: (context) => ended.push(context.requestId),
      }),
    ]);
    const calls = Array.from({ length: 6 }, (_, index) => call(`b${index}`, `t${index}`));
    const results = [];
    for await (const result of processor.processBatch(calls, { chunkSize: 3 })) {
      results.push(result);
    }
    expect(plans).toEqual([3, 3]);
    expect(ended).toHaveLength(1);
    const blocked = results.filter((result) => result.error?.code === 'GUARD_BLOCKED');
    // b0 and b3 by the plans of their chunks; one more by the budget that spans both chunks.
    expect(blocked).toHaveLength(3);
    expect(blocked.map((result) => result.callId)).toEqual(expect.arrayContaining(['b0', 'b3']));
    expect(ran).toHaveLength(3);
  });

  it('rejects guards that are not v1 guards, naming the field', () => {
    const registry = createRegistry();
    expect(() =>
      createProcessor({ registry, guards: [{ name: 'x' } as unknown as GuardV1] }),
    ).toThrow(/guards\[0\]/);
    expect(() => createProcessor({ registry, guards: [guard('', { pre: () => allow })] })).toThrow(
      /guards\[0\]\.name/,
    );
    expect(() =>
      createProcessor({
        registry,
        guards: [guard('a', { enforcement: 'loud' as 'off', pre: () => allow })],
      }),
    ).toThrow(/enforcement/);
    expect(() => createProcessor({ registry, guards: [guard('a', {})] })).toThrow(/none of/);
    expect(() => createProcessor({ registry, guards: 'x' as unknown as GuardV1[] })).toThrow(
      /guards/,
    );
  });

  it('emits no guard events without listeners and costs nothing with no guards', async () => {
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'echo',
        description: 'd',
        inputSchema: z.object({ text: z.string() }),
        execute: (args) => args.text,
      }),
    );
    const processor = createProcessor({ registry, guards: [] });
    expect(await processor.execute([call('1', 'a')])).toMatchObject([{ ok: true, value: 'a' }]);
  });
});

describe('dry run', () => {
  it('runs validation, plan and pre guards and previews, executing nothing', async () => {
    const dryRuns: boolean[] = [];
    const preview = vi.fn(() => undefined);
    const limiter: CallMiddleware = {
      name: 'custom-limit',
      wrap: (next) => next,
      preview: (invocation) =>
        invocation.args.text === 'limited'
          ? {
              code: 'TOOL_RATE_LIMITED',
              category: 'rate_limit',
              message: 'would be limited',
              retryable: true,
            }
          : preview(),
    };
    const { processor, ran, events } = setup(
      [
        guard('plan', {
          plan: ({ dryRun }) => {
            dryRuns.push(dryRun);
            return { verdict: 'block', reason: 'not 2', callIds: ['2'] };
          },
        }),
        guard('pre', {
          pre: ({ args, dryRun }) => {
            dryRuns.push(dryRun);
            return args.text === 'blocked' ? { verdict: 'block', reason: 'nope' } : allow;
          },
        }),
      ],
      { middleware: [limiter] },
    );
    const results = await processor.execute(
      [
        { ...call('1', 'fine'), estimatedMs: 5 },
        call('2', 'planned-out'),
        call('3', 'blocked'),
        call('4', 'limited'),
        { id: '5', tool: 'echo', arguments: { text: 1 } },
        { ...call('6', 'after'), dependsOn: ['1'] },
      ],
      { dryRun: true },
    );
    expect(ran).toEqual([]);
    expect(dryRuns.every(Boolean)).toBe(true);
    expect(events.some((event) => event.type === 'call:start' || event.type === 'call:end')).toBe(
      false,
    );
    const reports = results.map((result) => result.value as DryRunReport);
    expect(results.map((result) => result.ok)).toEqual([true, false, false, false, false, true]);
    expect(reports.map((report) => report.rejectedBy)).toEqual([
      undefined,
      'plan',
      'guards',
      'custom-limit',
      'validation',
      undefined,
    ]);
    expect(results[2]!.error).toMatchObject({ code: 'GUARD_BLOCKED' });
    expect(results[3]!.error).toMatchObject({ code: 'TOOL_RATE_LIMITED' });
    expect(results[4]!.error).toMatchObject({ code: 'TOOL_VALIDATION_ERROR' });
    expect(reports[0]).toMatchObject({
      dryRun: true,
      wouldRun: true,
      estimate: { ms: 5, msSource: 'call', cost: 2 },
    });
    expect(reports[5]!.estimate).toEqual({ ms: 40, msSource: 'tool', cost: 2 });
    expect(reports[0]!.verdicts).toEqual([
      { guard: 'plan', phase: 'plan', verdict: 'block', applied: 'block', reason: 'not 2' },
      { guard: 'pre', phase: 'pre', verdict: 'allow', applied: 'allow' },
    ]);
    expect(reports[0]!.plan).toEqual({
      calls: 6,
      wouldRun: 2,
      cost: 4,
      serialMs: 45,
      parallelMs: 45,
      unestimated: 0,
    });
    expect(preview).toHaveBeenCalled();
  });

  it('asks the real resilience stages without taking tokens or moving breakers', async () => {
    const registry = createRegistry();
    let runs = 0;
    registry.register(
      defineTool({
        name: 'flaky',
        description: 'fails',
        inputSchema: z.object({}),
        execute: () => {
          runs++;
          throw new Error('down');
        },
      }),
    );
    const limited = createProcessor({
      registry,
      rateLimit: { global: { limit: 1, windowMs: 60_000 } },
    });
    const flaky = { id: 'f', tool: 'flaky', arguments: {} };
    for (let index = 0; index < 3; index++) {
      expect(await limited.execute([flaky], { dryRun: true })).toMatchObject([{ ok: true }]);
    }
    expect(runs).toBe(0);
    await limited.execute([flaky]); // takes the only token
    expect(await limited.execute([flaky], { dryRun: true })).toMatchObject([
      { ok: false, error: { code: 'TOOL_RATE_LIMITED' }, value: { rejectedBy: 'rate-limit' } },
    ]);

    const breaker = createProcessor({
      registry,
      circuitBreaker: { failureThreshold: 1, windowMs: 60_000, resetTimeoutMs: 60_000 },
    });
    expect(await breaker.execute([flaky], { dryRun: true })).toMatchObject([{ ok: true }]);
    await breaker.execute([flaky]); // opens the circuit
    expect(await breaker.execute([flaky], { dryRun: true })).toMatchObject([
      { ok: false, error: { code: 'TOOL_CIRCUIT_OPEN' }, value: { rejectedBy: 'circuit-breaker' } },
    ]);
    expect(runs).toBe(2);
  });

  it('estimates from observed latency once a tool has run, and works through process and stream', async () => {
    const { processor } = setup([]);
    await processor.execute([call('1', 'warm')]);
    const [result] = await processor.process(call('p', 'a'), { dryRun: true });
    expect((result!.value as DryRunReport).estimate.msSource).toBe('observed');
    const streamed: unknown[] = [];
    for await (const item of processor.stream([call('s', 'a')], { dryRun: true }))
      streamed.push(item);
    expect(streamed).toMatchObject([{ ok: true, value: { dryRun: true } }]);
  });
});
