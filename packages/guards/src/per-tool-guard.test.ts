import { describe, expect, it } from 'vitest';
import { callInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { type PerToolGuardOptions, perToolGuard } from './per-tool-guard.js';

const search = testTool('search', { namespace: 'web' });
const read = testTool('read', { namespace: 'fs' });
const free = testTool('free');

describe('perToolGuard', () => {
  it.each([
    ['qualified limit reached', { limits: { 'web.search': 2 } }, search, 2, 'block'],
    ['qualified limit not reached', { limits: { 'web.search': 3 } }, search, 2, 'allow'],
    ['bare-name limit', { limits: { search: 1 } }, search, 1, 'block'],
    ['wildcard limit', { limits: { 'fs.*': 1 } }, read, 1, 'block'],
    ['unmatched tool, no default', { limits: { 'fs.*': 1 } }, free, 5, 'allow'],
    ['unmatched tool, default limit', { limits: {}, defaultLimit: 2 }, free, 2, 'block'],
  ] as const)('%s: %s', (_, options: PerToolGuardOptions, tool, before, expected) => {
    const guard = perToolGuard(options);
    const context = testContext();
    for (let index = 0; index < before; index++) guard.pre!(callInput(tool, {}, context));
    expect(guard.pre!(callInput(tool, {}, context))).toMatchObject({ verdict: expected });
  });

  it('counts per request, not in dry runs, and checks options', () => {
    const guard = perToolGuard({ limits: { search: 1 } });
    const context = testContext();
    guard.pre!(callInput(search, {}, context, { dryRun: true }));
    expect(guard.pre!(callInput(search, {}, context))).toEqual({ verdict: 'allow' });
    expect(guard.pre!(callInput(search, {}, testContext()))).toEqual({ verdict: 'allow' });
    guard.endRequest!(context);
    expect(guard.pre!(callInput(search, {}, context))).toEqual({ verdict: 'allow' });
    expect(() => perToolGuard({} as never)).toThrow(/per-tool\.limits/);
    expect(() => perToolGuard({ limits: { a: 0 } })).toThrow(/per-tool\.limits\.a/);
    expect(() => perToolGuard({ limits: {}, defaultLimit: 0 })).toThrow(/per-tool\.defaultLimit/);
  });
});
