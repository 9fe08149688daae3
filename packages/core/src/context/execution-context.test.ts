import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { CONTEXT_HEADERS, fromHeaders, toHeaders } from './context-headers.js';
import {
  withBudget,
  withCorrelationId,
  withDeadline,
  withMetadata,
  withTenant,
  withTimeout,
  withTrace,
  withUser,
} from './derive-context.js';
import { createExecutionContext } from './execution-context.js';
import { requestContext } from './request-context.js';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('createExecutionContext', () => {
  it('generates a request id and freezes the context and its maps', () => {
    const context = createExecutionContext({ tenant: 't', metadata: { a: 1 }, budget: { usd: 2 } });
    expect(context.requestId).toMatch(/.+/);
    expect(Object.isFrozen(context)).toBe(true);
    expect(Object.isFrozen(context.metadata)).toBe(true);
    expect(Object.isFrozen(context.budget)).toBe(true);
    expect(createExecutionContext().requestId).not.toBe(context.requestId);
  });

  it.each([
    [{ traceparent: 'nope' }, 'context.traceparent'],
    [{ tracestate: 'a=1' }, 'context.tracestate'],
    [{ traceparent, tracestate: 'A=1' }, 'context.tracestate'],
    [{ deadline: Number.NaN }, 'context.deadline'],
    [{ budget: { usd: Number.POSITIVE_INFINITY } }, 'context.budget.usd'],
    [{ requestId: '' }, 'context.requestId'],
    [{ tenant: 5 as unknown as string }, 'context.tenant'],
    [{ tenantId: 'acme' } as never, 'context.tenantId'],
  ])('rejects %j naming %s', (init, field) => {
    let thrown: unknown;
    try {
      createExecutionContext(init);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).field).toBe(field);
  });

  it.each([
    ['tenantId', 'tenant'],
    ['userId', 'user'],
    ['traceParent', 'traceparent'],
    ['deadlineMs', 'deadline'],
    ['meta', 'metadata'],
  ])('refuses the unknown field %s, suggesting %s', (key, suggestion) => {
    expect(() => createExecutionContext({ [key]: 'x' } as never)).toThrow(
      `invalid configuration at "context.${key}": is not an ExecutionContext field; did you mean "${suggestion}"?`,
    );
  });

  it('refuses an unknown field nothing resembles, listing the fields and pointing at metadata', () => {
    expect(() => createExecutionContext({ shoeSize: 42 } as never)).toThrow(
      /"context.shoeSize": is not an ExecutionContext field \(fields: requestId, .*metadata; anything else goes in metadata\)/,
    );
  });
});

describe('with… helpers', () => {
  const base = createExecutionContext({ requestId: 'r1', tenant: 'acme', metadata: { a: 1 } });

  it('derive new contexts and leave the original untouched', () => {
    const derived = withMetadata(withUser(withTenant(base, 'globex'), 'ann'), { b: 2 });
    expect(derived).toMatchObject({ requestId: 'r1', tenant: 'globex', user: 'ann' });
    expect(derived.metadata).toEqual({ a: 1, b: 2 });
    expect(base).toMatchObject({ tenant: 'acme', metadata: { a: 1 } });
    expect(base.user).toBeUndefined();
    expect(withCorrelationId(base, 'c9').correlationId).toBe('c9');
    expect(withBudget(withBudget(base, { usd: 1, calls: 3 }), { usd: 0.5 }).budget).toEqual({
      usd: 0.5,
      calls: 3,
    });
  });

  it('a deadline only ever moves earlier', () => {
    const early = withDeadline(base, 1_000);
    expect(withDeadline(early, 5_000).deadline).toBe(1_000);
    expect(withDeadline(early, 500).deadline).toBe(500);
    const now = Date.now();
    const timed = withTimeout(base, 60_000).deadline!;
    expect(timed).toBeGreaterThanOrEqual(now + 60_000);
  });

  it('withTrace validates and drops the tracestate of the previous trace', () => {
    const traced = withTrace(base, traceparent, 'a=1');
    expect(traced.tracestate).toBe('a=1');
    const next = withTrace(traced, traceparent.replace(/01$/, '00'));
    expect(next.tracestate).toBeUndefined();
    expect(() => withTrace(base, 'bad')).toThrow(ConfigurationError);
  });
});

describe('headers', () => {
  it('round-trips every carried field', () => {
    const context = createExecutionContext({
      requestId: 'req-1',
      correlationId: 'corr-1',
      tenant: 'acme',
      user: 'ann',
      traceparent,
      tracestate: 'rojo=1',
      deadline: 10_000,
      budget: { 'usd cents': 150, calls: 3 },
      metadata: { secret: 'stays home' },
    });
    const headers = toHeaders(context, 4_000);
    expect(headers).toEqual({
      'x-request-id': 'req-1',
      'x-correlation-id': 'corr-1',
      'x-tp-tenant': 'acme',
      'x-tp-user': 'ann',
      traceparent,
      tracestate: 'rojo=1',
      'x-tp-timeout-ms': '6000',
      'x-tp-budget': 'usd%20cents=150,calls=3',
    });
    const received = fromHeaders(headers, {}, 100_000);
    expect(received).toMatchObject({
      requestId: 'req-1',
      correlationId: 'corr-1',
      tenant: 'acme',
      user: 'ann',
      traceparent,
      tracestate: 'rojo=1',
      deadline: 106_000,
      budget: { 'usd cents': 150, calls: 3 },
    });
    expect(received.metadata).toEqual({});
  });

  it('reads fetch Headers and Node-style records case-insensitively', () => {
    const fetchHeaders = new Headers({ 'X-Request-Id': 'abc', TraceParent: traceparent });
    expect(fromHeaders(fetchHeaders)).toMatchObject({ requestId: 'abc', traceparent });
    expect(fromHeaders({ 'X-TP-Tenant': 'acme', 'x-tp-user': ['ann', 'bob'] })).toMatchObject({
      tenant: 'acme',
      user: 'ann,bob',
    });
  });

  it('drops malformed values instead of failing (headers are untrusted)', () => {
    const context = fromHeaders({
      traceparent: 'not-a-trace',
      tracestate: 'a=1',
      'x-request-id': 'bad\nid',
      'x-tp-tenant': 'x'.repeat(300),
      'x-tp-timeout-ms': '-5',
      'x-tp-budget': 'usd=lots,=3,%E0=1',
    });
    expect(context.traceparent).toBeUndefined();
    expect(context.tracestate).toBeUndefined();
    expect(context.requestId).not.toBe('bad\nid');
    expect(context.tenant).toBeUndefined();
    expect(context.deadline).toBeUndefined();
    expect(context.budget).toBeUndefined();
    // Two traceparent headers are invalid together; an invalid tracestate alone is dropped.
    expect(fromHeaders({ traceparent: [traceparent, traceparent] }).traceparent).toBeUndefined();
    expect(fromHeaders({ traceparent, tracestate: 'A=1' })).toMatchObject({ traceparent });
    expect(fromHeaders({ traceparent, tracestate: 'A=1' }).tracestate).toBeUndefined();
  });

  it('lets overrides win and names its headers', () => {
    expect(fromHeaders({ 'x-tp-tenant': 'a' }, { tenant: 'b' }).tenant).toBe('b');
    expect(CONTEXT_HEADERS.traceparent).toBe('traceparent');
  });
});

describe('requestContext', () => {
  const parent = createExecutionContext({
    requestId: 'parent',
    tenant: 'acme',
    traceparent,
    tracestate: 'a=1',
    deadline: 5_000,
    metadata: { from: 'parent' },
  });

  it('a nested request inherits the parent and points its correlation id at it', () => {
    const child = requestContext({
      defaults: { tenant: 'default', metadata: { d: 1 } },
      ambient: parent,
      own: { metadata: { own: true } },
      timeoutDeadline: undefined,
    });
    expect(child.requestId).not.toBe('parent');
    expect(child).toMatchObject({
      correlationId: 'parent',
      tenant: 'acme',
      traceparent,
      deadline: 5_000,
    });
    expect(child.metadata).toEqual({ d: 1, from: 'parent', own: true });
  });

  it('never outlives its parent; a new traceparent drops the inherited tracestate', () => {
    const child = requestContext({
      defaults: {},
      ambient: parent,
      own: { deadline: 9_000, traceparent: traceparent.replace(/01$/, '00') },
      timeoutDeadline: 7_000,
    });
    expect(child.deadline).toBe(5_000);
    expect(child.tracestate).toBeUndefined();
    expect(
      requestContext({ defaults: {}, ambient: undefined, own: undefined, timeoutDeadline: 7_000 })
        .deadline,
    ).toBe(7_000);
  });
});
