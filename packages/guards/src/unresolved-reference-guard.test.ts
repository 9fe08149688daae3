// biome-ignore-all lint/suspicious/noTemplateCurlyInString: unresolved template placeholders are the test data
import { describe, expect, it } from 'vitest';
import { callInput, testTool } from './__fixtures__/guard-inputs.js';
import {
  type UnresolvedReferenceGuardOptions,
  unresolvedReferenceGuard,
} from './unresolved-reference-guard.js';

const tool = testTool();
const judge = (args: Record<string, unknown>, options: UnresolvedReferenceGuardOptions = {}) =>
  unresolvedReferenceGuard(options).pre!(callInput(tool, args));

describe('unresolvedReferenceGuard', () => {
  it.each([
    ['${user_id}', '$.value'],
    ['https://api.example.com/users/${id}/posts', '$.value'],
    ['{{ order.id }}', '$.value'],
    ['Hello {{name}}!', '$.value'],
    ['<USER_ID>', '$.value'],
    ['send to <recipient_email> now', '$.value'],
    ['$previous', '$.value'],
    ['$step1.output', '$.value'],
    ['$results[0]', '$.value'],
  ])('blocks %s', (value, path) => {
    expect(judge({ value })).toMatchObject({ verdict: 'block', details: { path } });
  });

  it.each([
    'price is $5',
    'US$ 10',
    '<div>hello</div>',
    '<b>',
    'a < b and c > d',
    '{ "json": true }',
    '{name}',
    'cost: $ 3',
    'plain text',
    'user@example.com',
  ])('allows %s', (value) => {
    expect(judge({ value })).toEqual({ verdict: 'allow' });
  });

  it('finds nested placeholders, honours ignoreKeys and dollarVariables', () => {
    expect(judge({ a: [{ b: '${x}' }] })).toMatchObject({ details: { path: '$.a[0].b' } });
    expect(judge({ template: 'Hi {{name}}' }, { ignoreKeys: ['template'] })).toEqual({
      verdict: 'allow',
    });
    expect(judge({ shell: '$HOME' }, { dollarVariables: false })).toEqual({ verdict: 'allow' });
    expect(judge({ v: `\${${'x'.repeat(80)}}` })).toMatchObject({
      reason: expect.stringContaining('…'),
    });
  });
});
