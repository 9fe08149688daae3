import { describe, expect, it } from 'vitest';
import { testContext } from '../__fixtures__/guard-inputs.js';
import { RequestState } from './request-state.js';
import { wildcardMatcher } from './wildcard.js';

describe('RequestState', () => {
  it('keeps state per request id, bounded, least recently used forgotten first', () => {
    const state = new RequestState(() => ({ hits: 0 }), 2);
    const [a, b, c] = [testContext(), testContext(), testContext()];
    state.get(a).hits++;
    state.get(b).hits++;
    state.get(a).hits++; // a is now the most recent
    state.get(c);
    expect(state.size).toBe(2);
    expect(state.peek(a)?.hits).toBe(2);
    expect(state.peek(b)).toBeUndefined();
    state.end(a);
    expect(state.peek(a)).toBeUndefined();
    expect(state.peek(testContext({ requestId: c.requestId }))).toBeDefined();
  });
});

describe('wildcardMatcher', () => {
  it.each([
    [['*.example.com'], 'api.example.com', true],
    [['*.example.com'], 'example.com', false],
    [['fs.*'], 'FS.read', true],
    [['exact'], 'exact', true],
    [['a.b'], 'aXb', false],
    [[], 'anything', false],
    [['*'], 'anything', true],
  ] as const)('%j matches %s: %s', (patterns, name, expected) => {
    expect(wildcardMatcher(patterns)(name)).toBe(expected);
  });
});
