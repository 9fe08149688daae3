import { inspect } from 'node:util';
import { createExecutionContext, type GuardVerdict } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { testTool } from '../__fixtures__/guard-inputs.js';
import { leaking, ordinary } from '../__fixtures__/secrets-corpus.js';
import { type SensitiveDataGuardOptions, sensitiveDataGuard } from './sensitive-data-guard.js';

const tool = testTool('t');

function judge(value: unknown, options: SensitiveDataGuardOptions, phase: 'pre' | 'post') {
  const guard = sensitiveDataGuard(options);
  const input = {
    call: { id: '1', tool: 't', arguments: {} },
    tool,
    args: (phase === 'pre' ? value : {}) as Record<string, unknown>,
    context: createExecutionContext(),
    dryRun: false,
  };
  return (
    phase === 'pre' ? guard.pre!(input) : guard.post!({ ...input, result: { ok: true, value } })
  ) as GuardVerdict;
}

/** Every way the value may be shown: JSON, and Node's inspector (Maps, Sets, Errors, keys). */
const shown = (value: unknown) =>
  `${JSON.stringify(value) ?? ''}\n${inspect(value, { depth: null, showHidden: true })}`;

describe('secrets corpus', () => {
  it('is wide enough', () => {
    expect(leaking.length).toBeGreaterThanOrEqual(30);
    expect(ordinary.length).toBeGreaterThanOrEqual(25);
  });

  it.each(leaking)('blocks $note, in arguments and results, without quoting it', (entry) => {
    for (const phase of ['pre', 'post'] as const) {
      const verdict = judge(entry.value(), { mode: 'block' }, phase);
      expect(verdict.verdict, phase).toBe('block');
      expect(shown(verdict)).not.toContain(entry.secret);
    }
  });

  it.each(leaking)('redacts $note so that no serialisation shows it', (entry) => {
    for (const mode of ['redact', 'hash'] as const) {
      for (const phase of ['pre', 'post'] as const) {
        const original = entry.value();
        expect(shown(original)).toContain(entry.secret); // the case is real
        const verdict = judge(original, { mode }, phase);
        expect(verdict.verdict, `${mode} ${phase}`).toBe('repair');
        expect(shown(verdict), `${mode} ${phase}`).not.toContain(entry.secret);
      }
    }
  });

  it.each(ordinary)('lets $note through', ({ value }) => {
    expect(judge(value, { mode: 'block' }, 'pre')).toEqual({ verdict: 'allow' });
    expect(judge(value, { mode: 'redact' }, 'post')).toEqual({ verdict: 'allow' });
  });
});
