import { TpError } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { invalidParamsError } from '../sdk/sdk-adapter.js';
import { toCallError } from './call-errors.js';
import { resultValue } from './call-result.js';

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (TpError.isInstance(error)) return error;
  }
  throw new Error('expected a TpError');
};

describe('resultValue', () => {
  const mixed = {
    content: [
      { type: 'text' as const, text: 'a', annotations: { priority: 1 } },
      { type: 'image' as const, data: 'AA==', mimeType: 'image/png' },
    ],
    structuredContent: { n: 1 },
    _meta: { trace: 'x' },
  };

  it('is the structured content, the single text, or the blocks; the whole result on request', () => {
    expect(resultValue('s', 't', mixed)).toEqual({ n: 1 });
    expect(resultValue('s', 't', { content: [{ type: 'text', text: 'hi' }] })).toBe('hi');
    expect(resultValue('s', 't', { content: mixed.content })).toEqual(mixed.content);
    expect(resultValue('s', 't', mixed, { resultFormat: 'mcp' })).toBe(mixed);
  });

  it('makes an upstream tool error a non-retryable tool failure carrying content and _meta', () => {
    const error = failure(() =>
      resultValue(
        's',
        't',
        { ...mixed, isError: true, structuredContent: undefined },
        { repeatable: true },
      ),
    );
    expect(error).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      message: 'a',
      retryable: false,
      details: {
        server: 's',
        remoteTool: 't',
        failure: 'tool',
        content: mixed.content,
        _meta: mixed._meta,
      },
    });
  });

  it("retries a tp upstream's transient failure only for a repeatable tool", () => {
    const result = {
      isError: true,
      content: [{ type: 'text' as const, text: 'TOOL_TIMEOUT: slow' }],
      structuredContent: { error: { code: 'TOOL_TIMEOUT', message: 'slow', retryable: true } },
    };
    expect(failure(() => resultValue('s', 't', result))).toMatchObject({
      code: 'TOOL_TIMEOUT',
      retryable: false,
      details: { failure: 'tool' },
    });
    expect(failure(() => resultValue('s', 't', result, { repeatable: true }))).toMatchObject({
      code: 'TOOL_TIMEOUT',
      retryable: true,
    });
  });
});

describe('toCallError', () => {
  it('classifies what a request threw', () => {
    expect(toCallError('s', 't', new Error('connect ECONNREFUSED 127.0.0.1:1'))).toMatchObject({
      code: 'RUNTIME_UNAVAILABLE',
      retryable: true,
      details: { failure: 'transport' },
    });
    expect(toCallError('s', 't', invalidParamsError('bad argument'))).toMatchObject({
      code: 'TOOL_VALIDATION_ERROR',
      retryable: false,
      details: { failure: 'protocol', rpcCode: -32602 },
    });
    expect(toCallError('s', 't', new Error('boom'))).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      retryable: false,
      details: { failure: 'other' },
    });
    expect(toCallError('s', 't', new Error('boom'), true)).toMatchObject({ retryable: true });
  });
});
