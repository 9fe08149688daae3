import { ConfigurationError } from '../errors/configuration-error.js';
import type { ParseOptions } from './parser.js';

/**
 * The parser options of `options` (createProcessor's defaults or one process() call's), checked:
 * a configuration mistake names its field instead of surfacing as odd parse results.
 */
export function pickParseOptions(options: ParseOptions | undefined, where: string): ParseOptions {
  if (!options) return {};
  const picked: { -readonly [Key in keyof ParseOptions]: ParseOptions[Key] } = {};
  const { dialects, maxTextLength, maxIssues } = options;
  if (dialects !== undefined) {
    if (!Array.isArray(dialects)) {
      throw new ConfigurationError(`${where}.dialects`, 'must be an array of dialects');
    }
    dialects.forEach((dialect, index) => {
      const valid =
        typeof dialect === 'object' &&
        dialect !== null &&
        typeof dialect.name === 'string' &&
        (typeof dialect.readText === 'function' || typeof dialect.readValue === 'function');
      if (!valid) {
        throw new ConfigurationError(
          `${where}.dialects[${index}]`,
          'must be a dialect: { name, readText?(text, reader), readValue?(value, reader) }',
        );
      }
    });
    picked.dialects = dialects;
  }
  for (const [name, value] of [
    ['maxTextLength', maxTextLength],
    ['maxIssues', maxIssues],
  ] as const) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new ConfigurationError(`${where}.${name}`, 'must be a positive integer');
    }
    picked[name] = value;
  }
  return picked;
}
