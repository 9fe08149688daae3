import { TpError } from './tp-error.js';

/** Thrown at configuration time (never from process()): names the offending field. */
export class ConfigurationError extends TpError {
  readonly field: string;

  constructor(field: string, problem: string, cause?: unknown) {
    super({
      code: 'CONFIGURATION_ERROR',
      message: `[tp:core] invalid configuration at "${field}": ${problem}`,
      details: { field },
      cause,
    });
    this.name = 'ConfigurationError';
    this.field = field;
  }
}
