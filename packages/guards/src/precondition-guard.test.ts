import { describe, expect, it } from 'vitest';
import { callInput, postInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { preconditionGuard } from './precondition-guard.js';

const login = testTool('login', { namespace: 'auth' });
const transfer = testTool('transfer', { metadata: { requires: ['auth.login'] } });
const report = testTool('report');
const plain = testTool('plain');

describe('preconditionGuard', () => {
  it.each([
    ['declared requirement not met', transfer, [], 'block'],
    ['declared requirement met', transfer, [login], 'allow'],
    ['option requirement not met', report, [], 'block'],
    ['option requirement met by bare name', report, [login], 'allow'],
    ['no requirement', plain, [], 'allow'],
  ] as const)('%s: %s', (_, tool, succeeded, expected) => {
    const guard = preconditionGuard({ requires: { report: ['login'] } });
    const context = testContext();
    for (const done of succeeded)
      guard.post!(postInput(callInput(done, {}, context), { ok: true, value: 1 }));
    expect(guard.pre!(callInput(tool, {}, context))).toMatchObject({ verdict: expected });
  });

  it('ignores failed and dry-run results, and ended requests', () => {
    const guard = preconditionGuard();
    const context = testContext();
    guard.post!(postInput(callInput(login, {}, context), { ok: false }));
    guard.post!(postInput(callInput(login, {}, context, { dryRun: true }), { ok: true }));
    expect(guard.pre!(callInput(transfer, {}, context))).toMatchObject({
      verdict: 'block',
      details: { missing: ['auth.login'] },
    });
    guard.post!(postInput(callInput(login, {}, context), { ok: true }));
    expect(guard.pre!(callInput(transfer, {}, context))).toEqual({ verdict: 'allow' });
    guard.endRequest!(context);
    expect(guard.pre!(callInput(transfer, {}, context))).toMatchObject({ verdict: 'block' });
  });
});
