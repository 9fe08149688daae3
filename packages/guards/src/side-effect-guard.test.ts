import { describe, expect, it } from 'vitest';
import { callInput, testContext, testTool } from './__fixtures__/guard-inputs.js';
import { type SideEffectGuardOptions, sideEffectGuard } from './side-effect-guard.js';

const reader = testTool('read', { sideEffect: 'read_only' });
const writer = testTool('write', { sideEffect: 'write' });
const remover = testTool('remove', { sideEffect: 'destructive', namespace: 'fs' });
const unknown = testTool('mystery');

const judge = (
  tool: typeof reader,
  options: SideEffectGuardOptions = {},
  metadata: Record<string, unknown> = {},
) => sideEffectGuard(options).pre!(callInput(tool, {}, testContext({ metadata })));

describe('sideEffectGuard', () => {
  it.each([
    ['read_only by default', reader, {}, {}, 'allow'],
    ['write by default', writer, {}, {}, 'allow'],
    ['unclassified as write', unknown, {}, {}, 'allow'],
    ['destructive without approval', remover, {}, {}, 'block'],
    ['destructive with blanket approval', remover, {}, { approvals: true }, 'allow'],
    ['destructive approved by name', remover, {}, { approvals: ['remove'] }, 'allow'],
    ['destructive approved by qualified name', remover, {}, { approvals: ['fs.remove'] }, 'allow'],
    ['destructive approved for another tool', remover, {}, { approvals: ['other'] }, 'block'],
    [
      'write in production',
      writer,
      { environments: { production: { write: 'approval' } } },
      { environment: 'production' },
      'block',
    ],
    [
      'write in staging',
      writer,
      { environments: { production: { write: 'approval' } } },
      { environment: 'staging' },
      'allow',
    ],
    [
      'fixed environment option',
      writer,
      { environment: 'production', environments: { production: { write: 'block' } } },
      {},
      'block',
    ],
    ['write warned', writer, { policy: { write: 'warn' } }, {}, 'warn'],
    ['unclassified as destructive', unknown, { unclassified: 'destructive' }, {}, 'block'],
    ['read_only blocked', reader, { policy: { read_only: 'block' } }, {}, 'block'],
  ] as const)('%s', (_, tool, options, metadata, expected) => {
    expect(judge(tool, options, metadata)).toMatchObject({ verdict: expected });
  });

  it('explains what is missing', () => {
    expect(judge(remover, {}, { environment: 'prod' })).toMatchObject({
      reason: expect.stringContaining('needs an approval in prod'),
      details: { sideEffect: 'destructive', rule: 'approval' },
    });
  });

  it('rejects bad policies naming the field', () => {
    expect(() => sideEffectGuard({ policy: { write: 'maybe' as 'allow' } })).toThrow(
      /side-effect\.policy\.write/,
    );
    expect(() => sideEffectGuard({ policy: { explosive: 'allow' } as never })).toThrow(
      /side-effect\.policy\.explosive/,
    );
    expect(() => sideEffectGuard({ environments: { prod: 'x' as never } })).toThrow(
      /side-effect\.environments\.prod/,
    );
    expect(() => sideEffectGuard({ unclassified: 'none' as 'write' })).toThrow(
      /side-effect\.unclassified/,
    );
  });
});
