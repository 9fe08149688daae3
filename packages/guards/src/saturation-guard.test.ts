import { describe, expect, it } from 'vitest';
import { callInput, postInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { saturationGuard } from './saturation-guard.js';

const tool = testTool('poll');
const post = (
  guard: ReturnType<typeof saturationGuard>,
  value: unknown,
  context = testContext(),
  ok = true,
) => guard.post!(postInput(callInput(tool, {}, context), ok ? { ok, value } : { ok }));

describe('saturationGuard', () => {
  it.each([
    ['one line repeated', `${'same line\n'.repeat(20)}other`, 'block'],
    ['varied lines', Array.from({ length: 20 }, (_, index) => `line ${index}`).join('\n'), 'allow'],
    ['few lines', 'a\na\na', 'allow'],
    ['a number', 42, 'allow'],
  ] as const)('%s: %s', (_, value, expected) => {
    expect(post(saturationGuard(), value)).toMatchObject({ verdict: expected });
  });

  it('blocks the same result coming back too often in one request', () => {
    const guard = saturationGuard({ maxIdenticalResults: 2 });
    const context = testContext();
    expect(post(guard, { status: 'pending' }, context)).toEqual({ verdict: 'allow' });
    expect(post(guard, { status: 'pending' }, context)).toEqual({ verdict: 'allow' });
    expect(post(guard, { status: 'pending' }, context)).toMatchObject({
      verdict: 'block',
      details: { count: 3 },
    });
    expect(post(guard, { status: 'done' }, context)).toEqual({ verdict: 'allow' });
    expect(post(guard, { status: 'pending' }, testContext())).toEqual({ verdict: 'allow' });
    expect(post(guard, undefined, context, false)).toEqual({ verdict: 'allow' });
    guard.endRequest!(context);
    expect(post(guard, { status: 'pending' }, context)).toEqual({ verdict: 'allow' });
    expect(() => saturationGuard({ minLines: -2 })).toThrow(/saturation\.minLines/);
  });
});
