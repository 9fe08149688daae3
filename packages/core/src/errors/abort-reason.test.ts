import { describe, expect, it } from 'vitest';
import { abortReasonToErrorInfo, cancellationError } from './abort-reason.js';
import { TpError } from './tp-error.js';

describe('abortReasonToErrorInfo', () => {
  it('keeps the code of a TpError reason, also from another package copy', () => {
    const reason = new TpError({ code: 'TOOL_TIMEOUT', message: 'too slow' });
    expect(abortReasonToErrorInfo(reason)).toMatchObject({ code: 'TOOL_TIMEOUT' });
    const foreign = Object.assign(new Error('closed'), {
      [Symbol.for('tp.error')]: true,
      code: 'TOOL_CANCELLED',
    });
    expect(abortReasonToErrorInfo(foreign)).toMatchObject({
      code: 'TOOL_CANCELLED',
      category: 'cancelled',
      message: 'closed',
    });
  });

  it("maps AbortSignal.timeout()'s reason to TOOL_TIMEOUT", async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect(abortReasonToErrorInfo(signal.reason)).toMatchObject({
      code: 'TOOL_TIMEOUT',
      category: 'timeout',
    });
  });

  it('maps any other reason to the fallback code, quoting it', () => {
    expect(abortReasonToErrorInfo(undefined)).toMatchObject({
      code: 'TOOL_CANCELLED',
      message: 'the call was cancelled',
    });
    expect(abortReasonToErrorInfo('user pressed stop')).toMatchObject({
      code: 'TOOL_CANCELLED',
      message: 'the call was cancelled: user pressed stop',
    });
    const controller = new AbortController();
    controller.abort();
    expect(abortReasonToErrorInfo(controller.signal.reason)).toMatchObject({
      code: 'TOOL_CANCELLED',
    });
    expect(abortReasonToErrorInfo(new Error('shutdown'), 'TOOL_TIMEOUT')).toMatchObject({
      code: 'TOOL_TIMEOUT',
      message: 'the call was cancelled: shutdown',
    });
  });

  it('cancellationError is a TOOL_CANCELLED TpError', () => {
    const error = cancellationError('closing');
    expect(TpError.isInstance(error)).toBe(true);
    expect(error.toInfo()).toMatchObject({ code: 'TOOL_CANCELLED', message: 'closing' });
  });
});
