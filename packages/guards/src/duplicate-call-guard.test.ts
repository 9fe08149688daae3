import { ConfigurationError, createProcessor, createRegistry, defineTool } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callInput, planInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { duplicateCallGuard } from './duplicate-call-guard.js';

const roll = testTool('roll');
const other = testTool('other');

describe('duplicateCallGuard (unit)', () => {
  it('blocks the repeats within one message, naming each and the call it repeats', () => {
    const guard = duplicateCallGuard();
    const verdict = guard.plan!(
      planInput([
        { tool: roll, call: { id: 'a', arguments: { sides: 6, n: 1 } } },
        { tool: roll, call: { id: 'b', arguments: { n: 1, sides: 6 } } },
        { tool: roll, call: { id: 'c', arguments: { sides: 20 } } },
        { tool: other, call: { id: 'd', arguments: { sides: 6, n: 1 } } },
        { tool: roll, call: { id: 'e', arguments: { sides: 6, n: 1 } } },
      ]),
    );
    expect(verdict).toEqual({
      verdict: 'block',
      reason:
        'the same call with the same arguments again in this message: "b" repeats "a" (roll), "e" repeats "a" (roll)',
      details: {
        scope: 'message',
        repeats: [
          { callId: 'b', tool: 'roll', sameAs: 'a' },
          { callId: 'e', tool: 'roll', sameAs: 'a' },
        ],
      },
      callIds: ['b', 'e'],
    });
  });

  it('allows distinct calls, and repeats in another message when the scope is the message', () => {
    const guard = duplicateCallGuard({ scope: 'message' });
    const context = testContext();
    const once = planInput([{ tool: roll, call: { id: 'a', arguments: { sides: 6 } } }], context);
    expect(guard.plan!(once)).toEqual({ verdict: 'allow' });
    expect(guard.plan!(once)).toEqual({ verdict: 'allow' });
  });

  it('with scope request, blocks a call that repeats one an earlier batch ran', () => {
    const guard = duplicateCallGuard({ scope: 'request' });
    const context = testContext();
    const first = callInput(roll, { sides: 6 }, context, { call: { id: 'first' } });
    expect(guard.plan!(planInput([{ tool: roll, call: first.call }], context))).toEqual({
      verdict: 'allow',
    });
    expect(guard.pre!(first)).toEqual({ verdict: 'allow' });
    const again = planInput(
      [{ tool: roll, call: { id: 'again', arguments: { sides: 6 } } }],
      context,
    );
    expect(guard.plan!(again)).toMatchObject({
      verdict: 'block',
      reason:
        'the same call with the same arguments again in this request: "again" repeats "first" (roll)',
      callIds: ['again'],
    });
    // Another request starts afresh.
    const elsewhere = planInput([{ tool: roll, call: { id: 'x', arguments: { sides: 6 } } }]);
    expect(guard.plan!(elsewhere)).toEqual({ verdict: 'allow' });
  });

  it('records nothing in a dry run', () => {
    const guard = duplicateCallGuard({ scope: 'request' });
    const context = testContext();
    guard.pre!(callInput(roll, { sides: 6 }, context, { dryRun: true, call: { id: 'dry' } }));
    const later = planInput([{ tool: roll, call: { id: 'b', arguments: { sides: 6 } } }], context);
    expect(guard.plan!(later)).toEqual({ verdict: 'allow' });
  });

  it('counts the repeats past five in the reason and lists all in details', () => {
    const guard = duplicateCallGuard();
    const calls = Array.from({ length: 8 }, (_, index) => ({
      tool: roll,
      call: { id: `c${index}`, arguments: {} },
    }));
    const verdict = guard.plan!(planInput(calls));
    expect(verdict).toMatchObject({
      verdict: 'block',
      callIds: calls.slice(1).map((c) => c.call.id),
    });
    expect((verdict as { reason: string }).reason).toMatch(
      /"c5" repeats "c0" \(roll\) and 2 more$/,
    );
  });

  it('names the field of a bad option', () => {
    expect(() => duplicateCallGuard({ scope: 'batch' as never })).toThrow(ConfigurationError);
    expect(() => duplicateCallGuard({ scope: 'batch' as never })).toThrow(/duplicate-call\.scope/);
    expect(() => duplicateCallGuard({ enforcement: 'loud' as never })).toThrow(
      /duplicate-call\.enforcement/,
    );
  });
});

describe('duplicateCallGuard through createProcessor', () => {
  function setup(options: Parameters<typeof duplicateCallGuard>[0]) {
    const rolled: number[] = [];
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'roll',
        description: 'rolls a die',
        inputSchema: z.object({ sides: z.number() }),
        execute: ({ sides }) => {
          rolled.push(sides);
          return rolled.length;
        },
      }),
    );
    const processor = createProcessor({ registry, guards: [duplicateCallGuard(options)] });
    return { processor, rolled };
  }
  const twice =
    '<tool_call>{"name": "roll", "arguments": {"sides": 6}}</tool_call>\n' +
    '<tool_call>{"name": "roll", "arguments": {"sides": 6}}</tool_call>';

  it('without the guard both identical calls run; with it the repeat is GUARD_BLOCKED', async () => {
    const { processor, rolled } = setup({});
    const results = await processor.process(twice);
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ callId: 'call_1', ok: true, value: 1 });
    expect(results[1]).toMatchObject({
      callId: 'call_2',
      ok: false,
      error: {
        code: 'GUARD_BLOCKED',
        message: expect.stringContaining('"call_2" repeats "call_1" (roll)'),
      },
    });
    expect(rolled).toEqual([6]);
  });

  it('with enforcement warn both run and the results carry the warning', async () => {
    const { processor, rolled } = setup({ enforcement: 'warn' });
    const results = await processor.process(twice);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(rolled).toEqual([6, 6]);
    expect(results[1]?.warnings).toMatchObject([
      { source: 'guard:duplicate-call', message: expect.stringContaining('"call_2" repeats') },
    ]);
  });

  it('with scope request, a repeat in a later process() of the same request is blocked', async () => {
    const { processor, rolled } = setup({ scope: 'request' });
    const call = { tool: 'roll', arguments: { sides: 6 } };
    const first = await processor.process([{ id: 'a', ...call }], { context: { requestId: 'r1' } });
    const second = await processor.process([{ id: 'b', ...call }], {
      context: { requestId: 'r1' },
    });
    const elsewhere = await processor.process([{ id: 'c', ...call }]);
    expect(first[0]).toMatchObject({ ok: true });
    expect(second[0]).toMatchObject({
      ok: false,
      error: { code: 'GUARD_BLOCKED', message: expect.stringContaining('"b" repeats "a" (roll)') },
    });
    expect(elsewhere[0]).toMatchObject({ ok: true });
    expect(rolled).toEqual([6, 6]);
  });
});
