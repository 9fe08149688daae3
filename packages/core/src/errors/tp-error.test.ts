import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './configuration-error.js';
import { ErrorCode, errorCodeTraits, isErrorCode } from './error-codes.js';
import { TpError, toErrorInfo, toolErrorInfo } from './tp-error.js';

/** What a TpError made by another copy of @tp/core looks like to this copy. */
function foreignTpError(fields: Record<string, unknown>): Error {
  class TpError extends Error {}
  const error = Object.assign(new TpError(String(fields.message)), fields);
  Object.defineProperty(error, Symbol.for('tp.error'), { value: true });
  return error;
}

describe('TpError', () => {
  it('takes category and retryability from its code unless told otherwise', () => {
    const error = new TpError({ code: 'TOOL_TIMEOUT', message: 'slow' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TpError');
    expect(error.category).toBe('timeout');
    expect(error.retryable).toBe(true);
    const overridden = new TpError({
      code: 'TOOL_TIMEOUT',
      message: 'slow',
      retryable: false,
      category: 'execution',
      retryAfterMs: 250,
      details: { attempt: 2 },
    });
    expect(overridden.toInfo()).toEqual({
      code: 'TOOL_TIMEOUT',
      category: 'execution',
      message: 'slow',
      retryable: false,
      retryAfterMs: 250,
      details: { attempt: 2 },
    });
  });

  it('accepts codes of its own (a tool author may define any string)', () => {
    const error = new TpError({ code: 'QUOTA_EXCEEDED', message: 'over quota' });
    expect(error.toInfo()).toEqual({
      code: 'QUOTA_EXCEEDED',
      category: 'execution',
      message: 'over quota',
      retryable: false,
    });
  });

  it('keeps its cause', () => {
    const cause = new Error('socket closed');
    expect(new TpError({ code: 'TOOL_EXECUTION_FAILED', message: 'x', cause }).cause).toBe(cause);
    expect('cause' in new TpError({ code: 'TOOL_EXECUTION_FAILED', message: 'x' })).toBe(false);
  });

  it('isInstance recognises subclasses and errors of a duplicate package copy', () => {
    expect(TpError.isInstance(new TpError({ code: 'TOOL_NOT_FOUND', message: 'x' }))).toBe(true);
    expect(TpError.isInstance(new ConfigurationError('a.b', 'bad'))).toBe(true);
    const foreign = foreignTpError({ code: 'TOOL_RATE_LIMITED', message: 'slow down' });
    expect(foreign instanceof TpError).toBe(false);
    expect(TpError.isInstance(foreign)).toBe(true);
  });

  it('isInstance rejects look-alikes', () => {
    for (const value of [
      new Error('plain'),
      { code: 'TOOL_TIMEOUT', message: 'x' },
      { [Symbol('tp.error')]: true },
      { [Symbol.for('tp.error')]: 'yes' },
      null,
      undefined,
      'TpError',
      42,
    ]) {
      expect(TpError.isInstance(value)).toBe(false);
    }
  });

  it('serializes to JSON without its marker', () => {
    const info = new TpError({ code: 'GUARD_BLOCKED', message: 'no' }).toInfo();
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });
});

describe('toErrorInfo', () => {
  it('keeps the code, category, retryability and details of a TpError', () => {
    const error = new TpError({
      code: 'TOOL_RATE_LIMITED',
      message: 'slow down',
      retryAfterMs: 1000,
      details: { limit: 5 },
    });
    expect(toErrorInfo(error)).toEqual({
      code: 'TOOL_RATE_LIMITED',
      category: 'rate_limit',
      message: 'slow down',
      retryable: true,
      retryAfterMs: 1000,
      details: { limit: 5 },
    });
  });

  it('maps a TpError of a duplicate copy from its fields, even without toInfo()', () => {
    const foreign = foreignTpError({
      code: 'TOOL_CIRCUIT_OPEN',
      category: 'circuit_open',
      message: 'open',
      retryable: true,
      retryAfterMs: 500,
      details: { failures: 3 },
    });
    expect(toErrorInfo(foreign)).toEqual({
      code: 'TOOL_CIRCUIT_OPEN',
      category: 'circuit_open',
      message: 'open',
      retryable: true,
      retryAfterMs: 500,
      details: { failures: 3 },
    });
  });

  it('fills what a foreign TpError lacks from its code and ignores malformed fields', () => {
    const foreign = foreignTpError({
      code: 'BULKHEAD_FULL',
      message: 'full',
      retryable: 'maybe',
      retryAfterMs: 'soon',
      details: 'not an object',
    });
    expect(toErrorInfo(foreign)).toEqual({
      code: 'BULKHEAD_FULL',
      category: 'bulkhead_full',
      message: 'full',
      retryable: true,
    });
    const codeless = foreignTpError({ message: 'what' });
    expect(toErrorInfo(codeless)).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      message: 'what',
    });
  });

  it('maps a plain Error to the fallback code with its message and a non-default name', () => {
    expect(toErrorInfo(new Error('boom'))).toEqual({
      code: 'TOOL_EXECUTION_FAILED',
      category: 'execution',
      message: 'boom',
      retryable: true,
    });
    expect(toErrorInfo(new TypeError('bad type'))).toEqual({
      code: 'TOOL_EXECUTION_FAILED',
      category: 'execution',
      message: 'bad type',
      retryable: true,
      details: { name: 'TypeError' },
    });
    expect(toErrorInfo(new RangeError(''), 'TOOL_VALIDATION_ERROR')).toEqual({
      code: 'TOOL_VALIDATION_ERROR',
      category: 'validation',
      message: 'RangeError',
      retryable: false,
      details: { name: 'RangeError' },
    });
  });

  it('describes every kind of non-Error value a tool may throw', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const bare = Object.create(null) as Record<string, unknown>;
    bare.self = bare;
    const cases: Array<[unknown, string]> = [
      ['just a string', 'just a string'],
      [42, 'non-error thrown: 42'],
      [null, 'non-error thrown: null'],
      [undefined, 'non-error thrown: undefined'],
      [false, 'non-error thrown: false'],
      [{ reason: 'nope' }, 'non-error thrown: {"reason":"nope"}'],
      [[1, 2], 'non-error thrown: [1,2]'],
      [10n, 'non-error thrown: 10'],
      [Symbol('sym'), 'non-error thrown: Symbol(sym)'],
      [() => 1, 'non-error thrown: function'],
      [circular, 'non-error thrown: [object Object]'],
      [bare, 'non-error thrown: object'],
    ];
    for (const [thrown, message] of cases) {
      const info = toErrorInfo(thrown);
      expect(info.code).toBe('TOOL_EXECUTION_FAILED');
      expect(info.message).toBe(message);
    }
  });

  it('survives an Error whose message getter throws', () => {
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error('gotcha');
      },
    });
    expect(toErrorInfo(hostile).code).toBe('TOOL_EXECUTION_FAILED');
  });
});

describe('toolErrorInfo', () => {
  it('omits optional fields that are not given', () => {
    expect(toolErrorInfo('TOOL_NOT_FOUND', 'gone')).toEqual({
      code: 'TOOL_NOT_FOUND',
      category: 'not_found',
      message: 'gone',
      retryable: false,
    });
  });
});

describe('error codes', () => {
  it('every code has traits and maps to itself', () => {
    for (const [key, code] of Object.entries(ErrorCode)) {
      expect(key).toBe(code);
      expect(isErrorCode(code)).toBe(true);
      expect(errorCodeTraits[code].category).toMatch(/^[a-z_]+$/);
    }
    expect(Object.keys(errorCodeTraits).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('isErrorCode rejects unknown strings, inherited keys and non-strings', () => {
    for (const value of ['NOPE', 'toString', '__proto__', 1, null, undefined]) {
      expect(isErrorCode(value)).toBe(false);
    }
  });

  it('has the documented defaults', () => {
    const table = Object.fromEntries(
      Object.entries(errorCodeTraits).map(([code, traits]) => [
        code,
        `${traits.category}/${traits.retryable}`,
      ]),
    );
    // The codes the issue names; other stages may add codes of their own.
    expect(table).toMatchObject({
      TOOL_NOT_FOUND: 'not_found/false',
      TOOL_VALIDATION_ERROR: 'validation/false',
      TOOL_EXECUTION_FAILED: 'execution/true',
      TOOL_TIMEOUT: 'timeout/true',
      TOOL_CANCELLED: 'cancelled/false',
      PARSER_ERROR: 'parse/false',
      TOOL_RATE_LIMITED: 'rate_limit/true',
      TOOL_CIRCUIT_OPEN: 'circuit_open/true',
      TOOL_RESOURCE_EXHAUSTED: 'execution/false',
      BULKHEAD_FULL: 'bulkhead_full/true',
      GUARD_BLOCKED: 'guard_blocked/false',
      RUNTIME_UNAVAILABLE: 'connection/true',
      CONFIGURATION_ERROR: 'configuration/false',
    });
  });
});
