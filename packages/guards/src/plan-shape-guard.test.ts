import { describe, expect, it } from 'vitest';
import { planInput, testTool } from './__fixtures__/guard-inputs.js';
import { type PlanShapeGuardOptions, planShapeGuard } from './plan-shape-guard.js';

const a = testTool('a');
const b = testTool('b');
const c = testTool('c');
const calls = (count: number, tool = a) =>
  Array.from({ length: count }, (_, index) => ({ tool, call: { id: `c${index}` } }));
const chain = (length: number) =>
  Array.from({ length }, (_, index) => ({
    tool: a,
    call: { id: `c${index}`, ...(index > 0 ? { dependsOn: [`c${index - 1}`] } : {}) },
  }));

describe('planShapeGuard', () => {
  it.each([
    ['a batch at the size limit', calls(3), { maxCalls: 3 }, 'allow'],
    ['a batch over the size limit', calls(4), { maxCalls: 3 }, 'block'],
    [
      'distinct tools at the limit',
      [
        { tool: a, call: { id: '1' } },
        { tool: b, call: { id: '2' } },
      ],
      { maxUniqueTools: 2 },
      'allow',
    ],
    [
      'too many distinct tools',
      [
        { tool: a, call: { id: '1' } },
        { tool: b, call: { id: '2' } },
        { tool: c, call: { id: '3' } },
      ],
      { maxUniqueTools: 2 },
      'block',
    ],
    [
      'unresolved tools count by name',
      [{ call: { id: '1', tool: 'x' } }, { call: { id: '2', tool: 'y' } }],
      { maxUniqueTools: 1 },
      'block',
    ],
    [
      'fan-out at the limit',
      [
        { tool: a, call: { id: 'r' } },
        ...calls(2).map((entry) => ({ ...entry, call: { ...entry.call, dependsOn: ['r'] } })),
      ],
      { maxFanOut: 2 },
      'allow',
    ],
    [
      'fan-out over the limit',
      [
        { tool: a, call: { id: 'r' } },
        ...calls(3).map((entry) => ({ ...entry, call: { ...entry.call, dependsOn: ['r'] } })),
      ],
      { maxFanOut: 2 },
      'block',
    ],
    ['a chain at the limit', chain(4), { maxChainLength: 4 }, 'allow'],
    ['a chain over the limit', chain(5), { maxChainLength: 4 }, 'block'],
    [
      'a dependency cycle',
      [
        { tool: a, call: { id: 'x', dependsOn: ['y'] } },
        { tool: a, call: { id: 'y', dependsOn: ['x'] } },
      ],
      { maxChainLength: 2 },
      'allow',
    ],
    ['an empty plan', [], {}, 'allow'],
  ] as const)('%s: %s', (_, entries, options: PlanShapeGuardOptions, expected) => {
    expect(planShapeGuard(options).plan!(planInput([...entries] as never))).toMatchObject({
      verdict: expected,
    });
  });

  it('reports the shape and rejects bad limits', () => {
    expect(planShapeGuard({ maxCalls: 1 }).plan!(planInput(calls(2)))).toMatchObject({
      reason: expect.stringContaining('2 calls exceed 1'),
      details: { calls: 2, uniqueTools: 1, fanOut: 0, chainLength: 1 },
    });
    expect(() => planShapeGuard({ maxFanOut: 0 })).toThrow(/plan-shape\.maxFanOut/);
  });

  it('measures batches without dependencies (the shortcut) as the full walk would', () => {
    const flat = [
      { tool: a, call: { id: '1' } },
      { tool: b, call: { id: '2', dependsOn: [] } },
      { tool: a, call: { id: '3' } },
    ];
    expect(planShapeGuard({ maxCalls: 2 }).plan!(planInput(flat as never))).toMatchObject({
      details: { calls: 3, uniqueTools: 2, fanOut: 0, chainLength: 1 },
    });
    // One dependency anywhere takes the full walk: outside ids still count towards fan-out.
    const outside = [...flat, { tool: c, call: { id: '4', dependsOn: ['elsewhere'] } }];
    expect(planShapeGuard({ maxCalls: 2 }).plan!(planInput(outside as never))).toMatchObject({
      details: { calls: 4, uniqueTools: 3, fanOut: 1, chainLength: 1 },
    });
  });
});
