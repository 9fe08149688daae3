import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './configuration-error.js';
import { TpError } from './tp-error.js';

describe('ConfigurationError', () => {
  it('names the field and the problem', () => {
    const cause = new Error('underlying');
    const error = new ConfigurationError('processor.timeoutMs', 'must be positive', cause);
    expect(error).toBeInstanceOf(TpError);
    expect(error.name).toBe('ConfigurationError');
    expect(error.field).toBe('processor.timeoutMs');
    expect(error.message).toBe(
      '[tp:core] invalid configuration at "processor.timeoutMs": must be positive',
    );
    expect(error.cause).toBe(cause);
    expect(error.toInfo()).toEqual({
      code: 'CONFIGURATION_ERROR',
      category: 'configuration',
      message: error.message,
      retryable: false,
      details: { field: 'processor.timeoutMs' },
    });
  });
});
