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

describe('RequestState with the most recent request held apart from the map', () => {
  it('keeps each request its own state across interleaved uses', () => {
    const state = new RequestState(() => ({ hits: 0 }));
    const [a, b] = [testContext(), testContext()];
    for (let round = 0; round < 3; round++) {
      state.get(a).hits++;
      state.get(b).hits += 10;
    }
    expect(state.peek(a)?.hits).toBe(3);
    expect(state.peek(b)?.hits).toBe(30);
    expect(state.size).toBe(2);
  });

  it('ends the most recent and older requests alike', () => {
    const state = new RequestState(() => ({ hits: 0 }));
    const [a, b] = [testContext(), testContext()];
    state.get(a);
    state.get(b);
    state.end(b);
    expect(state.peek(b)).toBeUndefined();
    expect(state.peek(a)).toBeDefined();
    expect(state.get(b).hits).toBe(0);
    state.end(a);
    expect(state.peek(a)).toBeUndefined();
    expect(state.size).toBe(1);
  });

  it('stays empty over many one-call requests', () => {
    const state = new RequestState(() => ({ hits: 0 }), 4);
    for (let index = 0; index < 50; index++) {
      const context = testContext();
      state.get(context).hits++;
      expect(state.get(context).hits).toBe(1);
      state.end(context);
    }
    expect(state.size).toBe(0);
  });

  it('evicts the least recently used when the cap is one', () => {
    const state = new RequestState(() => ({ hits: 0 }), 1);
    const [a, b] = [testContext(), testContext()];
    state.get(a).hits++;
    state.get(b).hits++;
    expect(state.size).toBe(1);
    expect(state.peek(a)).toBeUndefined();
    expect(state.peek(b)?.hits).toBe(1);
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
